using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Tests.AfterShip.Budget;

public sealed class PriorityWaitersTests
{
    private static List<AfterShipPriority> Serve(PriorityWaiters<string> waiters, int slots)
    {
        var served = new List<AfterShipPriority>();
        for (var i = 0; i < slots && waiters.TryDequeue(out var waiter); i++)
        {
            served.Add(Enum.Parse<AfterShipPriority>(waiter!.Split(':')[0]));
        }

        return served;
    }

    private static PriorityWaiters<string> Backlog(params (AfterShipPriority Priority, int Count)[] classes)
    {
        var waiters = new PriorityWaiters<string>();
        foreach (var (priority, count) in classes)
        {
            for (var i = 0; i < count; i++)
            {
                waiters.Enqueue(priority, $"{priority}:{i}");
            }
        }

        return waiters;
    }

    [Fact]
    public void Commands_go_first_but_the_refresh_gets_a_third_of_the_slots_under_a_command_burst()
    {
        var waiters = Backlog((AfterShipPriority.Command, 1000), (AfterShipPriority.Refresh, 1000));

        var served = Serve(waiters, 90);

        Assert.Equal(AfterShipPriority.Command, served[0]);
        Assert.Equal(60, served.Count(p => p == AfterShipPriority.Command));
        Assert.Equal(30, served.Count(p => p == AfterShipPriority.Refresh));
    }

    [Fact]
    public void Bulk_work_makes_progress_behind_both_commands_and_refresh()
    {
        var waiters = Backlog((AfterShipPriority.Bulk, 1000), (AfterShipPriority.Command, 1000), (AfterShipPriority.Refresh, 1000));

        var served = Serve(waiters, 100);

        Assert.Equal(60, served.Count(p => p == AfterShipPriority.Command));
        Assert.Equal(30, served.Count(p => p == AfterShipPriority.Refresh));
        Assert.Equal(10, served.Count(p => p == AfterShipPriority.Bulk));

        // Never more than ten slots in a row pass bulk work by.
        var gaps = served.Select((p, i) => (p, i)).Where(x => x.p == AfterShipPriority.Bulk).Select(x => x.i).ToList();
        Assert.All(gaps.Zip(gaps.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 1, 10));
    }

    [Fact]
    public void A_class_alone_gets_every_slot_in_arrival_order()
    {
        var waiters = Backlog((AfterShipPriority.Bulk, 5));

        Assert.True(waiters.TryDequeue(out var first));
        Assert.Equal("Bulk:0", first);
        Assert.Equal(4, Serve(waiters, 10).Count);
        Assert.False(waiters.TryDequeue(out _));
    }

    [Fact]
    public void Removed_waiters_are_never_served()
    {
        var waiters = Backlog((AfterShipPriority.Command, 3));
        waiters.RemoveWhere(w => w == "Command:1");

        Assert.True(waiters.TryDequeue(out var a));
        Assert.True(waiters.TryDequeue(out var b));
        Assert.Equal("Command:0", a);
        Assert.Equal("Command:2", b);
        Assert.Equal(0, waiters.Count);
    }
}
