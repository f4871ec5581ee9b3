using System.Text;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Tests.Subscriptions;

public sealed class WebhookSignerTests
{
    [Fact]
    public void Sign_matches_the_Standard_Webhooks_reference_vector()
    {
        // The vector the Standard Webhooks (Svix) libraries test against.
        var signature = WebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Sign_with_two_secrets_gives_each_secret_its_signature_space_separated_in_order()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var other = WebhookSecret.Create();
        var reference = WebhookSigner.Sign("id", 1, body, ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);

        var both = WebhookSigner.Sign("id", 1, body, ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", other]);

        Assert.Equal(reference + " " + WebhookSigner.Sign("id", 1, body, [other]), both);
    }

    [Fact]
    public void Secrets_are_whsec_and_32_random_bytes_and_mask_to_their_last_four_characters()
    {
        var secret = WebhookSecret.Create();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSecret.KeyOf(secret).Length);
        Assert.NotEqual(secret, WebhookSecret.Create());
        Assert.Equal("whsec_…" + secret[^4..], WebhookSecret.Mask(secret));
    }
}
