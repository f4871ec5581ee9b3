using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>Renders a milestone's email for a stored tracking, for the preview route; sends nothing.</summary>
public sealed class EmailPreviews
{
    private readonly EmailComposer _composer;

    internal EmailPreviews(EmailComposer composer) => _composer = composer;

    public ValueTask<EmailContent> RenderAsync(string milestone, StoredTracking tracking, string? language) => _composer.PreviewAsync(milestone, tracking, language);
}
