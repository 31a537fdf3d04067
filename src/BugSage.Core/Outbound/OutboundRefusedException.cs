namespace BugSage.Core.Outbound;

/// <summary>
/// A connection the outbound policy did not make. An <see cref="IOException"/>, so that callers
/// treating a network failure as one also treat this one. The message names the host as the
/// tenant gave it and the kind of address, never the address a name resolved to.
/// </summary>
public sealed class OutboundRefusedException(string host, AddressClass refused)
    : IOException($"{host} is not reached: it is a {refused.Describe()} address, which this server connects to only when BugSage:Network:AllowedPrivateHosts lists it")
{
    public string Host { get; } = host;

    /// <summary>The kind of address refused (the first, when a name answered several).</summary>
    public AddressClass Refused { get; } = refused;
}
