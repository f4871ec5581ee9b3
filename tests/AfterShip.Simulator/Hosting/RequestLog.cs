using System.Collections.Concurrent;

namespace AfterShip.Simulator.Hosting;

/// <summary>Every request received, in the order their outcome was decided.</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _entries = new();

    public void Add(RecordedRequest request) => _entries.Enqueue(request);

    public IReadOnlyList<RecordedRequest> Snapshot() => _entries.ToArray();

    public int CountStatus(int statusCode) => _entries.Count(r => r.StatusCode == statusCode);

    public void Clear() => _entries.Clear();
}
