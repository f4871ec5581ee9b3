namespace TrackingFunctions.Notifications;

/// <summary>
/// What a milestone email says, in the shopper's language: the built-in layout renders it, and Liquid templates
/// see it as <c>email</c> (for example <c>{{ email.status_title }}</c>). Holds no personal data but the greeting name.
/// </summary>
public sealed record EmailModel
{
    public required string Milestone { get; init; }

    public required string Language { get; init; }

    public string ShopName { get; init; } = string.Empty;

    public string? LogoUrl { get; init; }

    public required string AccentColor { get; init; }

    public string? SupportUrl { get; init; }

    public string? SupportText { get; init; }

    public required string Subject { get; init; }

    public required string Greeting { get; init; }

    public required string StatusTitle { get; init; }

    public required string StatusText { get; init; }

    public string? SubtagText { get; init; }

    public string? LatestUpdateTitle { get; init; }

    public string? LatestUpdateTime { get; init; }

    public string? LatestUpdateText { get; init; }

    public string? LatestUpdatePlace { get; init; }

    public string? EstimateTitle { get; init; }

    public string? Estimate { get; init; }

    public required string Courier { get; init; }

    public required string TrackingNumberLabel { get; init; }

    public required string TrackingNumber { get; init; }

    public required string TrackingUrl { get; init; }

    public required string ButtonText { get; init; }

    public required string FooterText { get; init; }

    public required string UnsubscribeUrl { get; init; }

    public required string UnsubscribeText { get; init; }
}

/// <summary>A rendered email: the subject and both bodies.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);
