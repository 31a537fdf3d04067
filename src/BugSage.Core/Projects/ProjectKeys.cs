using System.Security.Cryptography;

namespace BugSage.Core.Projects;

/// <summary>DSN keys and DSN strings.</summary>
public static class ProjectKeys
{
    public static string NewPublicKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The DSN an SDK is configured with: <c>http://KEY@host:port/PROJECT_ID</c>.</summary>
    public static string Dsn(Uri baseUrl, string publicKey, long projectId)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        return $"{baseUrl.Scheme}://{publicKey}@{baseUrl.Authority}{path}/{projectId}";
    }
}
