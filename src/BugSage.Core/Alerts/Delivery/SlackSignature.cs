using System.Security.Cryptography;
using System.Text;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// Slack's request signature: <c>X-Slack-Signature</c> is <c>v0=</c> and the hex HMAC-SHA256,
/// keyed with the app's signing secret, of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>. A
/// request older or newer than <see cref="Tolerance"/> is refused, so a captured one cannot be replayed later.
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string signingSecret, string timestamp, byte[] body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), basestring));
    }

    public static bool IsValid(string signingSecret, string? timestamp, byte[] body, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature) || !long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return false;
        if (seconds > 4_000_000_000 || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(signingSecret, timestamp!, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
