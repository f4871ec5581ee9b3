using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class TrackingVersionTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Newer_updated_at_replaces_even_with_fewer_checkpoints()
    {
        Assert.True(new TrackingVersion(T.AddSeconds(1), 1).MayReplace(new TrackingVersion(T, 5)));
    }

    [Fact]
    public void Older_updated_at_never_replaces()
    {
        Assert.False(new TrackingVersion(T.AddSeconds(-1), 50).MayReplace(new TrackingVersion(T, 1)));
    }

    [Fact]
    public void Tie_is_broken_by_checkpoint_count()
    {
        Assert.True(new TrackingVersion(T, 3).MayReplace(new TrackingVersion(T, 2)));
        Assert.False(new TrackingVersion(T, 2).MayReplace(new TrackingVersion(T, 3)));
    }

    [Fact]
    public void Same_version_may_replace_but_is_not_newer()
    {
        var version = new TrackingVersion(T, 2);

        Assert.True(version.MayReplace(version));
        Assert.False(version.IsNewerThan(version));
    }

    [Fact]
    public void Missing_updated_at_never_replaces_a_dated_state()
    {
        Assert.False(new TrackingVersion(null, 9).MayReplace(new TrackingVersion(T, 0)));
        Assert.True(new TrackingVersion(T, 0).MayReplace(new TrackingVersion(null, 9)));
    }
}
