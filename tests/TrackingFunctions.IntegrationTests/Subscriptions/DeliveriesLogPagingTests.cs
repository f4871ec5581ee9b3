using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>GET …/deliveries a page at a time: <c>limit</c>, <c>continuation</c> and <c>continuation_token</c> over the per-day log tables.</summary>
public sealed class DeliveriesLogPagingTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_of_limit_walk_every_attempt_newest_first_across_two_day_tables_with_no_duplicates_or_gaps()
    {
        var time = new FakeTimeProvider(Start);
        await using var rig = await SubscriptionRig.StartAsync(time: time);
        var (id, _) = await rig.SubscribeAsync("paged");
        await DeliverAsync(rig, time, 3);
        time.Advance(TimeSpan.FromDays(1));
        await DeliverAsync(rig, time, 4);

        var (status, all) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=500");
        var expected = Keys(all["attempts"]!.AsArray());
        Assert.Equal(200, status);
        Assert.Null(all["continuation_token"]);
        Assert.Equal(7, expected.Count);
        Assert.Equal(expected.OrderByDescending(k => k.At), expected);
        Assert.Equal([Start.AddDays(1).Date, Start.Date], expected.Select(k => k.At.UtcDateTime.Date).Distinct());

        // 3 crosses the day boundary inside a page; 4 ends the first page exactly at the end of a day table; 7 fits.
        foreach (var limit in new[] { 1, 2, 3, 4, 6, 7 })
        {
            var pages = await AllPagesAsync(rig, id, limit);

            Assert.Equal(expected, pages.SelectMany(p => p));
            Assert.All(pages, p => Assert.InRange(p.Count, 1, limit));
            Assert.All(pages.SkipLast(1), p => Assert.Equal(limit, p.Count));
            Assert.Equal((expected.Count + limit - 1) / limit, pages.Count);
        }
    }

    [Fact]
    public async Task The_last_page_carries_no_continuation_token()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("short");
        await DeliverAsync(rig, null, 2);

        var (_, first) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1");
        var (_, last) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1&continuation=" + (string)first["continuation_token"]!);
        var (_, whole) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=2");
        var (_, empty) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, (await rig.SubscribeAsync("nothing-yet")).Id);

        Assert.Single(last["attempts"]!.AsArray());
        Assert.False(last.ContainsKey("continuation_token"));
        Assert.Equal(2, whole["attempts"]!.AsArray().Count);
        Assert.False(whole.ContainsKey("continuation_token"));
        Assert.Empty(empty["attempts"]!.AsArray());
        Assert.False(empty.ContainsKey("continuation_token"));
    }

    [Fact]
    public async Task Garbage_and_tampered_continuation_tokens_get_a_400_problem_naming_the_parameter()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("tampered");
        await DeliverAsync(rig, null, 2);
        var (_, first) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1");
        var token = (string)first["continuation_token"]!;
        var parts = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token)).Split('|');
        string Tamper(int part, string value) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', parts.Select((p, i) => i == part ? value : p))));

        string[] bad =
        [
            "garbage!", "////", "YSBi", "eyJub3QiOiJhIHRva2VuIn0", token[..^3], token + "A", new string('A', 5000),
            Tamper(0, "2"), Tamper(1, "20991231"), Tamper(1, "2026131"), Tamper(2, "d_" + parts[2][2..]), Tamper(2, parts[2] + "/#?"),
            Tamper(3, parts[3] + "x"), System.Buffers.Text.Base64Url.EncodeToString([0xFF, 0xFE, 0x7C]),
        ];
        foreach (var continuation in bad)
        {
            var (status, problem) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1&continuation=" + Uri.EscapeDataString(continuation));

            Assert.True(status == 400, $"{continuation} got {status}");
            Assert.Contains("continuation", (string?)problem["detail"], StringComparison.Ordinal);
        }

        var (again, next) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1&continuation=" + token);
        Assert.Equal(200, again);
        Assert.Single(next["attempts"]!.AsArray());
    }

    [Fact]
    public async Task A_continuation_token_of_another_subscription_gets_a_400_and_reads_nothing_of_either()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (mine, _) = await rig.SubscribeAsync("mine");
        var (theirs, _) = await rig.SubscribeAsync("theirs");
        await DeliverAsync(rig, null, 2, perChange: 2);
        var (_, page) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, theirs, "?limit=1");

        var (status, problem) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, mine, "?limit=1&continuation=" + (string)page["continuation_token"]!);

        Assert.Equal(400, status);
        Assert.Contains("continuation", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.False(problem.ContainsKey("attempts"));
    }

    [Fact]
    public async Task A_token_whose_day_has_passed_the_retention_reads_as_the_end_of_the_log()
    {
        var time = new FakeTimeProvider(Start);
        await using var rig = await SubscriptionRig.StartAsync(time: time);
        var (id, _) = await rig.SubscribeAsync("aged");
        await DeliverAsync(rig, time, 2);
        var (_, first) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1");

        time.Advance(TimeSpan.FromDays(8));
        var (status, later) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=1&continuation=" + (string)first["continuation_token"]!);

        Assert.Equal(200, status);
        Assert.Empty(later["attempts"]!.AsArray());
        Assert.False(later.ContainsKey("continuation_token"));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=ten")]
    [InlineData("?limit=")]
    public async Task A_limit_outside_1_to_500_gets_a_400_problem_naming_limit(string query)
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("bounded");

        var (status, problem) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, query);
        var (most, _) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, "?limit=500");

        Assert.Equal(400, status);
        Assert.Contains("limit", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(200, most);
    }

    /// <summary>One change at a time, each delivered before the next, a minute apart, so attempt times are distinct.</summary>
    private static async Task DeliverAsync(SubscriptionRig rig, FakeTimeProvider? time, int changes, int perChange = 1)
    {
        for (var i = 0; i < changes; i++)
        {
            var before = rig.Receiver.Received.Count;
            await rig.ChangeAsync();
            await rig.Receiver.WaitForAsync(r => r.Count >= before + perChange);
            await rig.SettledAsync();
            time?.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static async Task<List<List<(string EventId, DateTimeOffset At)>>> AllPagesAsync(SubscriptionRig rig, string id, int limit)
    {
        var pages = new List<List<(string, DateTimeOffset)>>();
        string? continuation = null;
        do
        {
            var (status, page) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id, $"?limit={limit}" + (continuation is null ? string.Empty : "&continuation=" + continuation));
            Assert.Equal(200, status);
            pages.Add(Keys(page["attempts"]!.AsArray()));
            continuation = (string?)page["continuation_token"];
            Assert.True(pages.Count <= 10, "the pages never ended");
        }
        while (continuation is not null);

        return pages;
    }

    private static List<(string EventId, DateTimeOffset At)> Keys(JsonArray attempts)
        => [.. attempts.Select(a => ((string)a!["event_id"]!, DateTimeOffset.Parse((string)a["attempted_at"]!, System.Globalization.CultureInfo.InvariantCulture)))];
}
