using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrackingFunctions.Infra.Tests;

/// <summary>
/// A compiled ARM template with its nested module deployments. Values that are plain
/// <c>[parameters('x')]</c> or <c>[variables('x')]</c> expressions can be followed up to the
/// main template, which is as far as an offline check can go: everything else stays an expression.
/// </summary>
public sealed partial class ArmTemplate
{
    private ArmTemplate(JsonElement root, ArmTemplate? parent, JsonElement? deployment, string moduleName)
    {
        Root = root;
        Parent = parent;
        Deployment = deployment;
        ModuleName = moduleName;
    }

    /// <summary>The template object (main, or a module's properties.template).</summary>
    public JsonElement Root { get; }

    /// <summary>The template whose deployment resource holds this one; null for main.</summary>
    public ArmTemplate? Parent { get; }

    /// <summary>The Microsoft.Resources/deployments resource that deploys this template.</summary>
    public JsonElement? Deployment { get; }

    /// <summary>"main" or the module deployment name.</summary>
    public string ModuleName { get; }

    public static ArmTemplate Parse(JsonElement root) => new(root, null, null, "main");

    /// <summary>Resources of this template only (array or languageVersion 2.0 symbolic object).</summary>
    public IEnumerable<ArmResource> Resources
    {
        get
        {
            if (!Root.TryGetProperty("resources", out var resources))
            {
                yield break;
            }

            var items = resources.ValueKind == JsonValueKind.Object
                ? resources.EnumerateObject().Select(p => p.Value)
                : resources.EnumerateArray();
            foreach (var item in items)
            {
                if (item.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
                {
                    continue;
                }

                yield return new ArmResource(item, this);
            }
        }
    }

    /// <summary>Nested module templates directly below this one.</summary>
    public IEnumerable<ArmTemplate> Modules =>
        Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments")
            .Where(r => r.Element.GetProperty("properties").TryGetProperty("template", out _))
            .Select(r => new ArmTemplate(
                r.Element.GetProperty("properties").GetProperty("template"),
                this,
                r.Element,
                r.Element.GetProperty("name").GetString() ?? string.Empty));

    /// <summary>Every resource in this template and all nested modules.</summary>
    public IEnumerable<ArmResource> AllResources =>
        Resources.Concat(Modules.SelectMany(m => m.AllResources));

    public ArmTemplate Module(string name) =>
        Modules.SingleOrDefault(m => m.ModuleName == name)
        ?? throw new InvalidOperationException($"Module '{name}' not found in {ModuleName}.");

    public IEnumerable<ArmResource> OfType(string type) =>
        AllResources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource SingleOfType(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    public JsonElement Variable(string name) =>
        Root.GetProperty("variables").GetProperty(name);

    public JsonElement Parameter(string name) =>
        Root.GetProperty("parameters").GetProperty(name);

    /// <summary>
    /// Follows <c>[parameters('x')]</c> through the module's deployment parameters and
    /// <c>[variables('x')]</c> through the template variables until the value is something else.
    /// Returns the final value and the template it belongs to.
    /// </summary>
    public (JsonElement Value, ArmTemplate Template) Resolve(JsonElement value)
    {
        var template = this;
        for (var hops = 0; hops < 32; hops++)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return (value, template);
            }

            var text = value.GetString()!;
            var parameter = ParameterReference().Match(text);
            if (parameter.Success && template.Deployment is { } deployment && template.Parent is { } parent)
            {
                value = deployment.GetProperty("properties").GetProperty("parameters")
                    .GetProperty(parameter.Groups[1].Value).GetProperty("value");
                template = parent;
                continue;
            }

            var variable = VariableReference().Match(text);
            if (variable.Success)
            {
                value = template.Variable(variable.Groups[1].Value);
                continue;
            }

            return (value, template);
        }

        throw new InvalidOperationException("Expression resolution did not terminate.");
    }

    /// <summary><see cref="Resolve(JsonElement)"/> rendered as text (strings unquoted, JSON otherwise).</summary>
    public string ResolveText(JsonElement value)
    {
        var (resolved, _) = Resolve(value);
        return resolved.ValueKind == JsonValueKind.String ? resolved.GetString()! : resolved.GetRawText();
    }

    /// <summary><see cref="ResolveText(JsonElement)"/> for an expression string of this template.</summary>
    public string ResolveText(string expression) => ResolveText(JsonSerializer.SerializeToElement(expression));

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}

/// <summary>One resource and the template that declares it.</summary>
public sealed record ArmResource(JsonElement Element, ArmTemplate Template)
{
    public string Type => Element.GetProperty("type").GetString() ?? string.Empty;

    public string RawName => Element.GetProperty("name").GetString() ?? string.Empty;

    public JsonElement Properties => Element.GetProperty("properties");

    public string? Condition =>
        Element.TryGetProperty("condition", out var condition) ? condition.ToString() : null;

    /// <summary>A property path such as "properties.siteConfig.minTlsVersion", or null when absent.</summary>
    public JsonElement? Get(string path)
    {
        var current = Element;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The value at <paramref name="path"/> followed up through parameters and variables, as text.</summary>
    public string? Text(string path) => Get(path) is { } value ? Template.ResolveText(value) : null;
}
