using System.Text;
using Microsoft.Extensions.Options;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Tests.Webhooks;

public sealed class WebhookSignatureVerifierTests
{
    // Computed independently (Python hmac/base64) for secret "test-secret" and this exact body.
    private const string KnownBody = "{\"event\":\"tracking_update\"}";
    private const string KnownSignature = "aeEcSl9m0RlO/0M+UBLvo9iRyy5eIja9KrVXyRcTSA8=";

    private static WebhookSignatureVerifier Verifier(params string[] secrets)
    {
        var options = new WebhookOptions();
        foreach (var secret in secrets)
        {
            options.Secrets.Add(secret);
        }

        return new WebhookSignatureVerifier(Options.Create(options));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Known_answer_vector_verifies()
    {
        Assert.Equal(0, Verifier("test-secret").Verify(Bytes(KnownBody), KnownSignature));
    }

    [Fact]
    public void Sign_produces_the_known_answer()
    {
        Assert.Equal(KnownSignature, WebhookSignatureVerifier.Sign(Bytes(KnownBody), "test-secret"));
    }

    [Fact]
    public void One_changed_byte_fails()
    {
        var body = Bytes(KnownBody);
        body[3] ^= 0x01;

        Assert.Equal(-1, Verifier("test-secret").Verify(body, KnownSignature));
    }

    [Theory]
    [InlineData("{ \"event\": \"tracking_update\" }")]
    [InlineData("{\"event\":\"tracking_update\"}\n")]
    [InlineData("{\"event\":\"tracking_update\"}\r\n")]
    [InlineData("\uFEFF{\"event\":\"tracking_update\"}")]
    public void Reserialised_or_extended_body_fails(string body)
    {
        Assert.Equal(-1, Verifier("test-secret").Verify(Bytes(body), KnownSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all!")]
    [InlineData("69e11c4a5f66d1194efd033e5012ef8bd891cb2e5e2236bd2ab557c91713480f")]
    public void Missing_empty_malformed_or_hex_header_fails(string? header)
    {
        Assert.Equal(-1, Verifier("test-secret").Verify(Bytes(KnownBody), header));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Base64_of_the_wrong_length_fails(int length)
    {
        var wrong = Convert.ToBase64String(Convert.FromBase64String(KnownSignature).Concat(new byte[8]).Take(length).ToArray());

        Assert.Equal(-1, Verifier("test-secret").Verify(Bytes(KnownBody), wrong));
    }

    [Fact]
    public void Surrounding_whitespace_in_the_header_is_tolerated()
    {
        Assert.Equal(0, Verifier("test-secret").Verify(Bytes(KnownBody), "  " + KnownSignature + " "));
    }

    [Fact]
    public void Wrong_secret_fails()
    {
        Assert.Equal(-1, Verifier("other-secret").Verify(Bytes(KnownBody), KnownSignature));
    }

    [Fact]
    public void Second_configured_secret_matches_and_reports_its_index()
    {
        Assert.Equal(1, Verifier("new-secret", "test-secret").Verify(Bytes(KnownBody), KnownSignature));
    }

    [Fact]
    public void Non_utf8_body_verifies_over_its_bytes()
    {
        byte[] body = [0xFF, 0xFE, 0x00, 0x80, 0x7B];
        var signature = WebhookSignatureVerifier.Sign(body, "test-secret");

        Assert.Equal(0, Verifier("test-secret").Verify(body, signature));
    }

    [Fact]
    public void Large_body_verifies()
    {
        var body = new byte[1024 * 1024];
        new Random(42).NextBytes(body);

        Assert.Equal(0, Verifier("test-secret").Verify(body, WebhookSignatureVerifier.Sign(body, "test-secret")));
    }
}
