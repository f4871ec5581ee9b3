using System.Text;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Benchmarks;

/// <summary>
/// The payload encoding on the webhook's write path. A new event gzips two payloads: the raw body (the event row) and
/// the tracking JSON (the state row); reads of a state or an event un-gzip one.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(QuickConfig))]
public class PayloadBenchmarks
{
    private byte[] _body = [];
    private Tracking _tracking = null!;
    private TableEntity _written = null!;

    [Params(1, 50, 300)]
    public int Checkpoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Payloads.Event(Checkpoints);
        _tracking = WebhookEnvelope.TryParse(_body, out _)!.Tracking;
        _written = new TableEntity("pk", "rk");
        PayloadColumns.Write(_written, _body);
        var compressed = Enumerable.Range(0, _written.GetInt32("PayloadChunks")!.Value).Sum(i => _written.GetBinary("Payload" + i)!.Length);
        Console.WriteLine($"// Checkpoints={Checkpoints}: body {_body.Length:N0} bytes, gzip {compressed:N0} bytes");
    }

    [Benchmark(Description = "PayloadColumns.Write (gzip body)")]
    public TableEntity Write()
    {
        var entity = new TableEntity("pk", "rk");
        PayloadColumns.Write(entity, _body);
        return entity;
    }

    [Benchmark(Description = "Tracking JSON to UTF-8 + Write (state row)")]
    public TableEntity WriteState()
    {
        var entity = new TableEntity("pk", "rk");
        PayloadColumns.Write(entity, Encoding.UTF8.GetBytes(_tracking.ToJson()));
        return entity;
    }

    [Benchmark(Description = "PayloadColumns.Read (gunzip)")]
    public byte[]? Read() => PayloadColumns.Read(_written);
}

/// <summary>Key encoding, done for every partition and row key the app writes or reads.</summary>
[MemoryDiagnoser]
[Config(typeof(QuickConfig))]
public class TableKeyBenchmarks
{
    private readonly string _trackingId = "0a9f4c3e5b7d4e1f8a2b3c4d5e6f7a8b";
    private readonly string _unsafe = "AB/12 345#X?";
    private readonly string _long = new string('x', 300) + "/" + new string('y', 300);

    [Benchmark(Description = "Encode tracking id (all safe)")]
    public string Id() => TableKey.Encode(_trackingId);

    [Benchmark(Description = "Encode number with / # ? space")]
    public string Escaped() => TableKey.Encode(_unsafe);

    [Benchmark(Description = "Encode 601 chars (hashed)")]
    public string Hashed() => TableKey.Encode(_long);
}
