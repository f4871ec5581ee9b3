namespace TrackingFunctions.Commands;

/// <summary>The <c>error_code</c> values of a create refused for its courier.</summary>
public static class CourierErrorCodes
{
    /// <summary>The courier needs fields the command lacks (AfterShip's 4011).</summary>
    public const string RequiredFieldsMissing = "courier_required_fields_missing";

    /// <summary>No courier has this slug (AfterShip's 4010).</summary>
    public const string UnknownSlug = "courier_unknown_slug";

    /// <summary>No courier could be detected for the number, or it is not one AfterShip may use (AfterShip's 4012).</summary>
    public const string NotDetected = "courier_not_detected";

    /// <summary>Both slug and slug_group were sent; AfterShip takes one or the other.</summary>
    public const string SlugAndSlugGroup = "courier_slug_and_slug_group";
}
