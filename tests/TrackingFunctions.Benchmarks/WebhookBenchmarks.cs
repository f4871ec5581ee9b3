using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Benchmarks;

/// <summary>
/// The CPU part of receiving one webhook: the HMAC-SHA256 check over the raw body and the envelope parse, together
/// and apart, so the figures show which one dominates as the body grows.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(QuickConfig))]
public class WebhookBenchmarks
{
    private byte[] _body = [];
    private ReadOnlyMemory<byte> _memory;
    private string _signature = string.Empty;
    private WebhookSignatureVerifier _oneSecret = null!;
    private WebhookSignatureVerifier _twoSecrets = null!;

    /// <summary>Checkpoints in the tracking: a first scan, a long journey, and a very long one.</summary>
    [Params(1, 50, 300)]
    public int Checkpoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Payloads.Event(Checkpoints);
        _memory = _body;
        _signature = WebhookSignatureVerifier.Sign(_body, Payloads.Secret);
        _oneSecret = Verifier(Payloads.Secret);

        // During a secret rotation every body is hashed once per configured secret; the new one is listed first.
        _twoSecrets = Verifier(Payloads.Secret, "previous-webhook-secret");
        Console.WriteLine($"// Checkpoints={Checkpoints}: body {_body.Length:N0} bytes");
        if (_oneSecret.Verify(_body, _signature) != 0 || WebhookEnvelope.TryParse(_memory, out _) is null)
        {
            throw new InvalidOperationException("The benchmark body does not verify or parse.");
        }
    }

    [Benchmark(Baseline = true, Description = "Verify + TryParse")]
    public WebhookEnvelope? VerifyAndParse()
        => _oneSecret.Verify(_body, _signature) == 0 ? WebhookEnvelope.TryParse(_memory, out _) : null;

    [Benchmark(Description = "Verify only (1 secret)")]
    public int VerifyOnly() => _oneSecret.Verify(_body, _signature);

    [Benchmark(Description = "Verify only (2 secrets, rotation)")]
    public int VerifyTwoSecrets() => _twoSecrets.Verify(_body, _signature);

    [Benchmark(Description = "TryParse only")]
    public WebhookEnvelope? ParseOnly() => WebhookEnvelope.TryParse(_memory, out _);

    private static WebhookSignatureVerifier Verifier(params string[] secrets)
    {
        var options = new WebhookOptions();
        foreach (var secret in secrets)
        {
            options.Secrets.Add(secret);
        }

        return new WebhookSignatureVerifier(Options.Create(options));
    }
}
