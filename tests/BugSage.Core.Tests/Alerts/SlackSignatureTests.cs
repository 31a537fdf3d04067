using System.Text;
using BugSage.Core.Alerts.Delivery;

namespace BugSage.Core.Tests.Alerts;

/// <summary>Slack's request signature, checked against the worked example in Slack's documentation.</summary>
public class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void The_documented_example_signs_and_verifies() =>
        (SlackSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)), SlackSignature.IsValid(Secret, Timestamp, Encoding.UTF8.GetBytes(Body), Expected, Then))
            .ShouldBe((Expected, true));

    [Theory]
    [InlineData(Secret, Timestamp, Body + "x", 0)]
    [InlineData("another-secret-of-some-length", Timestamp, Body, 0)]
    [InlineData(Secret, "1531420619", Body, 0)]
    [InlineData(Secret, Timestamp, Body, 301)]
    [InlineData(Secret, Timestamp, Body, -301)]
    [InlineData(Secret, "", Body, 0)]
    [InlineData(Secret, "-1531420618", Body, 0)]
    [InlineData(Secret, "99999999999999999999", Body, 0)]
    public void Anything_else_or_a_request_outside_five_minutes_is_refused(string secret, string timestamp, string body, int secondsLater) =>
        SlackSignature.IsValid(secret, timestamp, Encoding.UTF8.GetBytes(body), Expected, Then.AddSeconds(secondsLater)).ShouldBeFalse();

    [Fact]
    public void A_request_within_five_minutes_either_way_is_accepted()
    {
        SlackSignature.IsValid(Secret, Timestamp, Encoding.UTF8.GetBytes(Body), Expected, Then.AddSeconds(299)).ShouldBeTrue();
        SlackSignature.IsValid(Secret, Timestamp, Encoding.UTF8.GetBytes(Body), Expected, Then.AddSeconds(-299)).ShouldBeTrue();
    }
}
