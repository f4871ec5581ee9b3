namespace TrackingFunctions.Commands;

/// <summary>The <c>action</c> values a tracking command may carry.</summary>
public static class CommandAction
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Retrack = "retrack";
    public const string MarkCompleted = "mark_completed";
    public const string Delete = "delete";

    public static readonly IReadOnlyList<string> All = [Create, Update, Retrack, MarkCompleted, Delete];
}
