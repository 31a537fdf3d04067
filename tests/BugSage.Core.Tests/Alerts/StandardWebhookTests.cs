using BugSage.Core.Alerts.Delivery;

namespace BugSage.Core.Tests.Alerts;

/// <summary>The signer agrees with the Standard Webhooks specification's own test vector.</summary>
public class StandardWebhookTests
{
    [Fact]
    public void Signs_the_specifications_example_as_the_specification_does() =>
        StandardWebhook.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    [Fact]
    public void New_secrets_are_valid_and_different()
    {
        var (a, b) = (StandardWebhook.NewSecret(), StandardWebhook.NewSecret());
        StandardWebhook.IsValidSecret(a).ShouldBeTrue();
        a.ShouldNotBe(b);
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Secrets_without_the_prefix_or_a_usable_key_are_refused(string secret) =>
        StandardWebhook.IsValidSecret(secret).ShouldBeFalse();
}
