using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Functions;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>RFC 8058 one-click unsubscribe: a signed anonymous link, honoured for every later email to that address.</summary>
public sealed class UnsubscribeTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task One_click_post_unsubscribes_and_the_address_gets_no_further_email()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var address = $"leave.{id[..8]}@example.com";
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 0, 1, (address, null, null)));
        await app.DeliverAsync();
        var first = await app.Smtp.MessageAsync((string)Assert.Single(await app.MessagesToAsync(address))["id"]!);
        var link = new Uri(first.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        var result = await app.App.Create<Unsubscribe>().PostAsync(Request("POST", link.Query, "List-Unsubscribe=One-Click"), CancellationToken.None);
        Assert.Equal(200, ((ContentResult)result).StatusCode);

        // The next milestone of this tracking and a new tracking to the same address (another case) send nothing.
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 5, 2, (address.ToUpperInvariant(), null, null)));
        var other = NewId();
        await app.PostAsync(NotificationApp.Tracking(other, TrackingTags.Delivered, 0, 1, (address, null, null)));
        await app.DeliverAsync();

        Assert.Single(await app.MessagesToAsync(address));
        Assert.Equal(NotificationState.Suppressed, (await app.RecordsAsync(id)).Single(r => r.Milestone == TrackingTags.Delivered).State);
        Assert.Equal(NotificationState.Suppressed, Assert.Single(await app.RecordsAsync(other)).State);
    }

    [Fact]
    public async Task Opening_the_link_shows_a_confirmation_form_and_unsubscribes_nobody()
    {
        await using var app = await NotificationApp.StartAsync();
        var hash = app.App.Get<AddressHasher>().Hash("look@example.com");
        var token = app.App.Get<UnsubscribeTokens>().Create(hash);

        var page = (ContentResult)app.App.Create<Unsubscribe>().Get(Request("GET", "?t=" + Uri.EscapeDataString(token)));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("<form method=\"post\"", page.Content, StringComparison.Ordinal);
        Assert.False(await app.App.Get<SuppressionList>().ContainsAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task A_tampered_token_gets_a_friendly_page_and_changes_nothing()
    {
        await using var app = await NotificationApp.StartAsync();
        var hash = app.App.Get<AddressHasher>().Hash("tamper@example.com");
        var token = app.App.Get<UnsubscribeTokens>().Create(hash);
        var tampered = (token[0] == 'A' ? "B" : "A") + token[1..];

        var result = (ContentResult)await app.App.Create<Unsubscribe>().PostAsync(Request("POST", "?t=" + Uri.EscapeDataString(tampered), "List-Unsubscribe=One-Click"), CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("This link does not work", result.Content, StringComparison.Ordinal);
        Assert.False(await app.App.Get<SuppressionList>().ContainsAsync(hash, CancellationToken.None));
    }

    [Fact]
    public void A_token_reads_until_it_expires_and_never_after()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new NotificationOptions { UnsubscribeKey = NotificationApp.UnsubscribeKey });
        var hasher = new AddressHasher(options);
        var tokens = new UnsubscribeTokens(hasher, time);
        var hash = hasher.Hash("old@example.com");
        var token = tokens.Create(hash);

        time.Advance(UnsubscribeTokens.Lifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(hash, tokens.Read(token));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(tokens.Read(token));

        var otherKey = new UnsubscribeTokens(new AddressHasher(Options.Create(new NotificationOptions { UnsubscribeKey = NotificationApp.UnsubscribeKey + "x" })), time);
        Assert.Null(otherKey.Read(tokens.Create(hash)));
    }

    private static HttpRequest Request(string method, string query, string? form = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/api/unsubscribe";
        context.Request.QueryString = new QueryString(query);
        if (form is not null)
        {
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(form));
        }

        return context.Request;
    }
}
