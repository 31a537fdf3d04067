namespace BugSage.Core.Configuration;

/// <summary>
/// Where the server key comes from, bound from <c>BugSage:Secrets</c>. The key seals the Data
/// Protection key ring and the token signing key, and lives outside the database so that a copy
/// of the database alone opens neither.
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "BugSage:Secrets";

    /// <summary>
    /// The environment variable that may carry the key itself (base64 of 32 bytes), for hosts that
    /// hand secrets to processes that way. It comes first; setting it together with
    /// <see cref="KeyFile"/> is refused, since the two could hold different keys.
    /// </summary>
    public const string KeyVariable = "BUGSAGE_SECRETS_KEY";

    /// <summary>The file created in the data directory when neither the variable nor <see cref="KeyFile"/> is set.</summary>
    public const string DefaultFileName = "secrets.key";

    /// <summary>
    /// A file holding the key. When set, the file must already exist: a missing file is an error,
    /// never a reason to make a new key that could open none of the stored secrets.
    /// </summary>
    public string? KeyFile { get; set; }
}
