using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Couriers;

namespace TrackingFunctions.Commands;

/// <summary>
/// Checks a create's courier before POST /trackings is spent on it: a known slug whose required fields are all
/// there, a slug_group (AfterShip's to resolve), or, with <see cref="CourierOptions.DetectBeforeCreate"/>, the courier
/// POST /couriers/detect names for the number. AfterShip's own refusals of the same kinds (4010, 4011, 4012) are
/// explained the same way, for when the stored directory was behind AfterShip's.
/// </summary>
public sealed class CreateCourierCheck(CourierDirectory directory, IAfterShipClient afterShip, IOptions<CourierOptions> options)
{
    internal const int InvalidSlugCode = 4010;
    internal const int RequiredFieldsCode = 4011;
    internal const int BadCourierCode = 4012;
    private const int Suggestions = 3;

    internal static bool IsCourierRefusal(AfterShipApiException ex) => ex.MetaCode is InvalidSlugCode or RequiredFieldsCode or BadCourierCode;

    /// <summary>The create body to send: the command's, with the detected slug added when detection ran.</summary>
    /// <exception cref="CourierRefusedException">The create cannot succeed as sent.</exception>
    public async Task<JsonObject> CheckAsync(TrackingCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var body = command.Tracking!;
        var slug = Text(body, "slug");
        var group = Text(body, "slug_group");
        if (slug is not null && group is not null)
        {
            throw new CourierRefusedException(CourierErrorCodes.SlugAndSlugGroup, "tracking.slug and tracking.slug_group cannot be sent together; send one of them.");
        }

        if (group is not null)
        {
            return body;
        }

        if (slug is not null)
        {
            // No directory to judge by (never fetched, AfterShip unreachable): AfterShip decides, and its refusal is explained.
            if (await directory.ForCommandAsync(slug, cancellationToken) is { } known)
            {
                var courier = known.Find(slug) ?? throw UnknownSlug(slug, known);
                RequireFields(courier.Slug, courier.Name, courier.RequiredFields, body);
            }

            return body;
        }

        return options.Value.DetectBeforeCreate ? await DetectAsync(command.TrackingNumber!, body, cancellationToken) : body;
    }

    /// <summary>AfterShip's refusal of a create for its courier, as the same outcome the checks give.</summary>
    public async Task<CourierRefusedException> ExplainAsync(AfterShipApiException refusal, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(body);
        var slug = Text(body, "slug");
        var afterShipSays = $" (AfterShip {refusal.MetaCode}: {refusal.MetaMessage})";
        switch (refusal.MetaCode)
        {
            case InvalidSlugCode when slug is not null:
                var snapshot = await directory.CurrentAsync(cancellationToken);
                return new CourierRefusedException(CourierErrorCodes.UnknownSlug, UnknownSlug(slug, snapshot).Message + afterShipSays, refusal.MetaCode);
            case RequiredFieldsCode:
                var courier = slug is null ? null : (await directory.CurrentAsync(cancellationToken)).Find(slug);
                var missing = courier is null ? [] : CourierFields.Missing(courier.RequiredFields, body);
                var what = missing.Count > 0
                    ? $"Courier '{courier!.Name}' ({courier.Slug}) requires fields the command lacks: {string.Join(", ", missing.Select(CourierFields.Describe))}."
                    : "The courier requires fields the command lacks.";
                return new CourierRefusedException(CourierErrorCodes.RequiredFieldsMissing, what + afterShipSays, refusal.MetaCode);
            case BadCourierCode:
                return new CourierRefusedException(CourierErrorCodes.NotDetected, "AfterShip could not use a courier for this tracking number: send tracking.slug (or tracking.slug_group) of a courier active in the AfterShip account." + afterShipSays, refusal.MetaCode);
            default:
                return new CourierRefusedException(CourierErrorCodes.UnknownSlug, $"AfterShip refused the courier{afterShipSays}.", refusal.MetaCode);
        }
    }

    private async Task<JsonObject> DetectAsync(string trackingNumber, JsonObject body, CancellationToken cancellationToken)
    {
        IReadOnlyList<Courier> candidates;
        try
        {
            candidates = await afterShip.DetectCourierAsync(new DetectCourierRequest { TrackingNumber = trackingNumber, AdditionalFields = CourierFields.DetectionHints(body) }, cancellationToken);
        }
        catch (AfterShipApiException ex) when (IsCourierRefusal(ex))
        {
            throw await ExplainAsync(ex, body, cancellationToken);
        }

        // AfterShip lists the likeliest courier first; the create is pinned to it so it is the courier that was checked.
        var detected = candidates.Count > 0 ? candidates[0] : throw new CourierRefusedException(CourierErrorCodes.NotDetected, "AfterShip detected no courier for this tracking number: send tracking.slug (or tracking.slug_group).");
        RequireFields(detected.Slug!, string.IsNullOrWhiteSpace(detected.Name) ? detected.Slug! : detected.Name, detected.RequiredFields ?? [], body);
        var sent = body.DeepClone().AsObject();
        sent["slug"] = detected.Slug;
        return sent;
    }

    private static void RequireFields(string slug, string name, IReadOnlyList<string> required, JsonObject body)
    {
        var missing = CourierFields.Missing(required, body);
        if (missing.Count > 0)
        {
            throw new CourierRefusedException(
                CourierErrorCodes.RequiredFieldsMissing,
                $"Courier '{name}' ({slug}) requires fields the command lacks: {string.Join(", ", missing.Select(CourierFields.Describe))}. Add them to tracking and send the command again.");
        }
    }

    private static CourierRefusedException UnknownSlug(string slug, CourierSnapshot directory)
    {
        var closest = directory.Closest(slug, Suggestions);
        var hint = closest.Count == 0 ? string.Empty : $" Closest known slugs: {string.Join(", ", closest)}.";
        return new CourierRefusedException(CourierErrorCodes.UnknownSlug, $"No AfterShip courier has slug '{slug}'.{hint}");
    }

    private static string? Text(JsonObject body, string name)
        => body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim() is { Length: > 0 } text ? text : null;
}
