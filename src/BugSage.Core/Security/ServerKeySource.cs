using BugSage.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace BugSage.Core.Security;

/// <summary>
/// Finds the server key, first match wins: the <c>BUGSAGE_SECRETS_KEY</c> environment variable,
/// then the file named by <c>BugSage:Secrets:KeyFile</c> (which must exist), then
/// <c>{DataDirectory}/secrets.key</c>, created on the first start. Whatever is wrong stops the
/// start with a <see cref="ServerKeyException"/>: a server running on a key other than the one
/// its secrets were sealed with could open none of them.
/// </summary>
public static class ServerKeySource
{
    /// <param name="configuration">Carries the environment variable (the host reads every variable into configuration).</param>
    public static ServerKey Load(IConfiguration configuration, SecretsOptions secrets, BugSageOptions options)
    {
        var variable = configuration[SecretsOptions.KeyVariable];
        var configuredFile = string.IsNullOrWhiteSpace(secrets.KeyFile) ? null : Path.GetFullPath(secrets.KeyFile.Trim());
        if (!string.IsNullOrEmpty(variable))
        {
            if (configuredFile is not null)
                throw new ServerKeyException(
                    $"Both {SecretsOptions.KeyVariable} and {SecretsOptions.Section}:KeyFile are set; set only one, so that every node is sure to use the same key.");
            var material = ServerKeyFile.Parse(variable)
                ?? throw new ServerKeyException($"{SecretsOptions.KeyVariable} does not hold a key: it must be the base64 of 32 random bytes (openssl rand -base64 32).");
            return new ServerKey(material, $"the environment variable {SecretsOptions.KeyVariable}");
        }
        if (configuredFile is not null)
        {
            if (!File.Exists(configuredFile))
                throw new ServerKeyException(
                    $"The server key file {configuredFile} ({SecretsOptions.Section}:KeyFile) does not exist. A configured key file is never created: " +
                    "a new key would open none of the secrets already stored. Restore the file from its backup, or, for a new installation, " +
                    $"create one: {ServerKeyFile.CreateHint.Replace("FILE", configuredFile, StringComparison.Ordinal)}.");
            return new ServerKey(ServerKeyFile.Read(configuredFile), $"the key file {configuredFile}", configuredFile);
        }
        var defaultFile = Path.Combine(Path.GetFullPath(options.DataDirectory), SecretsOptions.DefaultFileName);
        return File.Exists(defaultFile)
            ? new ServerKey(ServerKeyFile.Read(defaultFile), $"the key file {defaultFile}", defaultFile)
            : new ServerKey(ServerKeyFile.Create(defaultFile), $"the key file {defaultFile}", defaultFile, createdNow: true);
    }
}
