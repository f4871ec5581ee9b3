using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Attention;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Notifications;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>Attention events are for the shop: beside shopper emails they send the shopper nothing.</summary>
public sealed class AttentionShopperEmailTests
{
    [Fact]
    public async Task An_attention_event_for_a_parcel_stored_before_emails_were_on_sends_the_shopper_no_milestone_email()
    {
        var time = new FakeTimeProvider(AttentionApp.Now);
        await using var off = await NotificationApp.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Enabled"] = "false" }, time: time);
        var id = Guid.NewGuid().ToString("N");
        var shopper = $"kim.{id[..8]}@example.com";
        await off.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 0, 1, (shopper, "Kim", null)));
        var settings = AttentionApp.Settings();
        settings["Storage:TablePrefix"] = off.App.TablePrefix;
        await using var on = await NotificationApp.StartAsync(settings: settings, time: time);
        time.Advance(TimeSpan.FromDays(6));

        // The attention event reads like a first sight in transit (a current tag, no previous one).
        var run = await on.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        await on.App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        await on.DeliverAsync();

        Assert.Equal(1, run.Raised);
        Assert.Empty(await on.RecordsAsync(id));
        Assert.Empty(await on.MessagesToAsync(shopper));
    }
}
