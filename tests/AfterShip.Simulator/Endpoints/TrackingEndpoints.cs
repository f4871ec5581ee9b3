using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterShip.Simulator.State;

namespace AfterShip.Simulator.Endpoints;

/// <summary>
/// Create, get, update, delete, retrack and mark-as-completed: the single-tracking endpoints of 2025-01.
/// </summary>
internal sealed partial class TrackingEndpoints(SimulatorState state, CourierCatalogue catalogue)
{
    public SimResponse Create(SimRequest request)
    {
        if (RequestBody.TryParseObject(request.Body, out var error) is not { } body)
        {
            return error!;
        }

        if (body["tracking_number"] is null || RequestBody.Text(body, "tracking_number") is "")
        {
            return Envelope.Api(4007, "`tracking_number` is required.");
        }

        if (RequestBody.CheckTypes(body) is { } typeError)
        {
            return typeError;
        }

        var number = RequestBody.Text(body, "tracking_number")!;
        if (!TrackingNumberFormat().IsMatch(number))
        {
            return Envelope.Api(4005, "The value of `tracking_number` is invalid.");
        }

        var slug = RequestBody.Text(body, "slug");
        var slugGroup = RequestBody.Text(body, "slug_group");
        if (slug is not null && slugGroup is not null)
        {
            return Envelope.Api(4008, "Value of `slug` is invalid. `slug` and `slug_group` cannot be sent together.");
        }

        if (slug is not null && !SlugFormat().IsMatch(slug))
        {
            return Envelope.Api(4010, "The value of `slug` is invalid.");
        }

        if (slugGroup is not null && !CourierDetection.SlugGroups.Contains(slugGroup))
        {
            return RequestBody.InvalidValue("slug_group");
        }

        if (CourierFor(body, number, slug, slugGroup) is { } refusal)
        {
            return refusal;
        }

        var result = state.Create(body, number, slug ?? CourierDetection.Detect(number, slugGroup)!);
        return result.Outcome == Outcome.Duplicate
            ? Envelope.Api(4003, "Tracking already exists.")
            : Envelope.Created(result.Tracking!.ToJson());
    }

    /// <summary>
    /// AfterShip's courier refusals: 4010 for a slug it does not know, 4012 for a number it cannot detect a courier
    /// for, 4011 for a courier whose required fields the body lacks. A slug group is AfterShip's to resolve.
    /// </summary>
    private SimResponse? CourierFor(JsonObject body, string number, string? slug, string? slugGroup)
    {
        if (slugGroup is not null)
        {
            return null;
        }

        var detected = slug ?? CourierDetection.Detect(number);
        if (detected is null)
        {
            return Envelope.Api(4012, "Cannot detect courier. Activate courier at https://admin.aftership.com/settings/couriers.");
        }

        if (catalogue.Find(detected) is not { } courier)
        {
            return Envelope.Api(4010, "The value of `slug` is invalid.");
        }

        var missing = RequiredFields.Missing(courier, body);
        return missing.Count == 0 ? null : Envelope.Api(4011, "Besides tracking_number, also required: " + string.Join(", ", missing.Select(m => "`" + m + "`")) + ".");
    }

    public SimResponse Get(SimRequest request) =>
        state.Find(request.Id!) is { } tracking ? Envelope.Ok(tracking.ToJson()) : TrackingNotFound();

    public SimResponse Update(SimRequest request)
    {
        if (RequestBody.TryParseObject(request.Body, out var error) is not { } body)
        {
            return error!;
        }

        if (body.ContainsKey("tracking_number"))
        {
            // The number identifies the shipment; 2025-01 has no update field for it.
            return RequestBody.InvalidValue("tracking_number");
        }

        if (RequestBody.CheckTypes(body) is { } typeError)
        {
            return typeError;
        }

        if (RequestBody.Text(body, "slug") is { } slug && !SlugFormat().IsMatch(slug))
        {
            return Envelope.Api(4010, "The value of `slug` is invalid.");
        }

        return Respond(state.Update(request.Id!, body));
    }

    public SimResponse Delete(SimRequest request) =>
        state.Delete(request.Id!) is { } deleted ? Envelope.Ok(deleted.ToJson()) : TrackingNotFound();

    public SimResponse Retrack(SimRequest request) => Respond(state.Retrack(request.Id!));

    public SimResponse MarkCompleted(SimRequest request)
    {
        if (RequestBody.TryParseObject(request.Body, out var error) is not { } body)
        {
            return error!;
        }

        (string Tag, string Subtag)? target = RequestBody.Text(body, "reason") switch
        {
            "DELIVERED" => ("Delivered", "Delivered_001"),
            "LOST" => ("Exception", "Exception_013"),
            "RETURNED_TO_SENDER" => ("Exception", "Exception_011"),
            _ => null,
        };
        return target is { } t
            ? Respond(state.MarkCompleted(request.Id!, t.Tag, t.Subtag))
            : RequestBody.InvalidValue("reason");
    }

    private static SimResponse Respond(StateResult result) => result.Outcome switch
    {
        Outcome.Ok => Envelope.Ok(result.Tracking!.ToJson()),
        Outcome.NotFound => TrackingNotFound(),
        Outcome.Duplicate => Envelope.Api(4003, "Tracking already exists."),
        _ => Envelope.Api(4013, "Retrack is not allowed. You can only retrack an inactive tracking."),
    };

    private static SimResponse TrackingNotFound() => Envelope.Api(4004, "Tracking does not exist.");

    [GeneratedRegex(@"^[A-Za-z0-9\-._/]{4,100}$")]
    private static partial Regex TrackingNumberFormat();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SlugFormat();
}
