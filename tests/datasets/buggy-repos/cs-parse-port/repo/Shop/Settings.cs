namespace Shop;

public static class Settings
{
    public const int DefaultPort = 8080;

    public static int? ParsePort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return int.Parse(value);
    }

    public static int ListenPort(IReadOnlyDictionary<string, string> environment) =>
        ParsePort(environment.GetValueOrDefault("PORT")) ?? DefaultPort;
}
