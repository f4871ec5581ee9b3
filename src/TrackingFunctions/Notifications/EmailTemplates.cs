using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Notifications;

/// <summary>
/// The shop's Liquid overrides (<see cref="NotificationOptions.TemplatesPath"/>): files named
/// <c>{Milestone}.{language}.{part}.liquid</c> or, for every language, <c>{Milestone}.{part}.liquid</c>, where the
/// part is <c>subject</c>, <c>html</c> or <c>text</c>. Each sees the <see cref="EmailModel"/> as <c>email</c>; what a
/// milestone does not override comes from the built-in layout. Parsed once, at start.
/// </summary>
public sealed partial class EmailTemplates
{
    public static readonly IReadOnlyList<string> Parts = ["subject", "html", "text"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();

    private readonly Dictionary<string, IFluidTemplate> _templates;

    public EmailTemplates(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (templates, errors) = Load(options.Value.TemplatesPath);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        _templates = templates;
    }

    public int Count => _templates.Count;

    /// <summary>Reads and parses every template in <paramref name="path"/>; the errors name the file and line of each that does not parse.</summary>
    public static (Dictionary<string, IFluidTemplate> Templates, List<string> Errors) Load(string path)
    {
        var templates = new Dictionary<string, IFluidTemplate>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(path))
        {
            return (templates, errors);
        }

        if (!Directory.Exists(path))
        {
            errors.Add($"Notifications__TemplatesPath '{path}' is not a folder.");
            return (templates, errors);
        }

        foreach (var file in Directory.EnumerateFiles(path, "*.liquid").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!Parser.TryParse(File.ReadAllText(file), out var template, out var error))
            {
                var position = Position().Match(error ?? string.Empty);
                var line = position.Success ? position.Groups[1].Value : "?";
                errors.Add($"The email template '{name}' does not parse at line {line}: {error}");
                continue;
            }

            templates[Path.GetFileNameWithoutExtension(name)] = template;
        }

        return (templates, errors);
    }

    /// <summary>The content of one email: each part from the shop's template when there is one, else built in.</summary>
    public async ValueTask<EmailContent> RenderAsync(EmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var subject = await RenderPartAsync(model, "subject", NullEncoder.Default);
        var html = await RenderPartAsync(model, "html", HtmlEncoder.Default);
        var text = await RenderPartAsync(model, "text", NullEncoder.Default);
        return new EmailContent(
            subject?.Trim().ReplaceLineEndings(" ") ?? model.Subject,
            html ?? EmailHtml.Render(model),
            text ?? EmailText.Render(model));
    }

    private async ValueTask<string?> RenderPartAsync(EmailModel model, string part, TextEncoder encoder)
    {
        if (!_templates.TryGetValue($"{model.Milestone}.{model.Language}.{part}", out var template)
            && !_templates.TryGetValue($"{model.Milestone}.{part}", out template))
        {
            return null;
        }

        var context = new TemplateContext(Options);
        context.SetValue("email", model);
        return await template.RenderAsync(context, encoder);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<EmailModel>();
        return options;
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();
}
