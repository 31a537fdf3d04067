using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BugSage.Core.Accounts;

/// <summary>
/// Random bearer secrets (refresh tokens, API tokens, invitation tokens) and their stored form:
/// a SHA-256 hash, so a database leak does not leak usable tokens.
/// </summary>
public static class SecretTokens
{
    public const string RefreshPrefix = "bsr_";
    public const string ApiPrefix = "bsg_";
    public const string InvitationPrefix = "bsi_";

    public static string New(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
