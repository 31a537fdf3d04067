namespace BugSage.Core.Assistant.Offline;

/// <summary>The tag a question asks to break an issue down by: the words people use, mapped to the keys SDKs send.</summary>
internal static class TagKeys
{
    private static readonly (string[] Words, string Key)[] Keys =
    [
        (["browser", "browsers", "user agent", "user agents", "chrome", "firefox", "safari"], "browser"),
        (["os", "operating system", "operating systems", "platform", "platforms", "windows", "macos", "linux", "android", "ios"], "os"),
        (["environment", "environments", "env", "envs"], "environment"),
        (["release", "releases", "version", "versions"], "release"),
        (["device", "devices", "phone", "phones", "model", "models"], "device"),
        (["url", "urls", "page", "pages", "route", "routes", "endpoint", "endpoints"], "url"),
        (["server", "servers", "host", "hosts", "hostname", "hostnames", "machine", "machines"], "server_name"),
        (["runtime", "runtimes"], "runtime"),
        (["user", "users", "customer", "customers"], "user"),
    ];

    /// <summary>The tag key the clause names, or null.</summary>
    public static string? Find(QuestionClause clause)
    {
        foreach (var (words, key) in Keys)
            if (clause.HasAny(words)) return key;
        return null;
    }
}
