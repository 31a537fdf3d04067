namespace BugSage.Core.Data;

/// <summary>A server-wide value that every node must share, such as the token signing key.</summary>
public sealed class ServerSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
