using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// AfterShip's tag and subtag in a shopper's words: a heading and a sentence per tag, plus a sentence for the subtags
/// that tell a shopper something (post-purchase notes §3), marked when the shopper has to act.
/// </summary>
internal static class StatusWords
{
    private static readonly HashSet<string> KnownTags =
    [
        TrackingTags.Pending, TrackingTags.InfoReceived, TrackingTags.InTransit, TrackingTags.OutForDelivery, TrackingTags.AttemptFail,
        TrackingTags.Delivered, TrackingTags.AvailableForPickup, TrackingTags.Exception, TrackingTags.Expired,
    ];

    private static readonly HashSet<string> ActionNeeded =
    [
        "AttemptFail_002", "AttemptFail_003", "Exception_006", "Exception_007", "Exception_008", "OutForDelivery_004", "AvailableForPickup_001",
    ];

    /// <summary>The resource key prefix of the tag; an unknown or missing tag reads as "Unknown" (the set is open).</summary>
    public static string TagKey(string? tag) => "Tag_" + (tag is not null && KnownTags.Contains(tag) ? tag : "Unknown");

    public static string Title(PageText text, string? tag) => text[TagKey(tag) + "_Title"];

    public static string Explanation(PageText text, string? tag) => text[TagKey(tag) + "_Text"];

    /// <summary>The subtag's sentence, or null for a subtag that adds nothing for a shopper.</summary>
    public static string? SubtagSentence(PageText text, string? subtag)
        => subtag is null || subtag.Length > 40 ? null : text.Find("Subtag_" + subtag);

    public static bool NeedsAction(string? subtag) => subtag is not null && ActionNeeded.Contains(subtag);
}
