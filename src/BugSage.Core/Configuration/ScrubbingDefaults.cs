namespace BugSage.Core.Configuration;

/// <summary>The key fragments that mark a value as sensitive wherever it appears.</summary>
public static class ScrubbingDefaults
{
    public static readonly string[] SensitiveKeyFragments =
    [
        "password", "secret", "passwd", "api_key", "apikey", "auth", "credentials",
        "mysql_pwd", "privatekey", "private_key", "token", "bearer", "cookie",
    ];

    public static readonly string[] SensitiveHeaders = ["authorization", "cookie", "set-cookie", "proxy-authorization", "x-sentry-auth"];
}
