using Microsoft.Extensions.Options;

namespace BugSage.Core.Outbound;

/// <summary>Which refused addresses outbound connections may reach all the same, bound from <c>BugSage:Network</c>.</summary>
public sealed class NetworkOptions
{
    public const string Section = "BugSage:Network";

    /// <summary>
    /// Host names (matched exactly, without wildcards), IP addresses and CIDR ranges that may be
    /// reached although they are loopback, private, link-local or otherwise refused: a model server
    /// or git server on the internal network. Empty (the default): only public addresses.
    /// </summary>
    public string[] AllowedPrivateHosts { get; set; } = [];
}

/// <summary>Stops the server at start when an entry cannot be read, naming it.</summary>
internal sealed class NetworkOptionsValidation : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        try
        {
            _ = new AllowedHosts(options.AllowedPrivateHosts);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"{NetworkOptions.Section}:AllowedPrivateHosts: {e.Message}");
        }
    }
}
