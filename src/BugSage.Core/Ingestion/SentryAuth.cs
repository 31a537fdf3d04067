namespace BugSage.Core.Ingestion;

/// <summary>Finds the public key in the places Sentry SDKs put it.</summary>
public static class SentryAuth
{
    /// <summary>From <c>Sentry sentry_key=abc, sentry_version=7, …</c> (X-Sentry-Auth or Authorization).</summary>
    public static string? KeyFromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var s = header.Trim();
        if (s.StartsWith("Sentry ", StringComparison.OrdinalIgnoreCase)) s = s[7..];
        foreach (var part in s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals("sentry_key", StringComparison.OrdinalIgnoreCase))
                return NullIfEmpty(part[(eq + 1)..].Trim());
        }
        return null;
    }

    /// <summary>From a DSN <c>scheme://PUBLIC[:SECRET]@host[:port]/[path/]PROJECT_ID</c>.</summary>
    public static (string PublicKey, long ProjectId)? ParseDsn(string? dsn)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)) return null;
        var key = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var last = uri.AbsolutePath.TrimEnd('/').Split('/')[^1];
        return key.Length > 0 && long.TryParse(last, out var projectId) ? (key, projectId) : null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
