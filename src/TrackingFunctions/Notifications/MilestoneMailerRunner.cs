namespace TrackingFunctions.Notifications;

/// <summary>The public face of <see cref="MilestoneMailer"/> for the queue function (the mailer's collaborators are internal).</summary>
public sealed class MilestoneMailerRunner
{
    private readonly MilestoneMailer _mailer;

    internal MilestoneMailerRunner(MilestoneMailer mailer) => _mailer = mailer;

    public Task SendAsync(string trackingId, string milestone, CancellationToken cancellationToken) => _mailer.SendAsync(trackingId, milestone, cancellationToken);
}
