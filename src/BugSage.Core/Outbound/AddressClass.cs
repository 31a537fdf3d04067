namespace BugSage.Core.Outbound;

/// <summary>What an IP address is, as far as connecting to it on a tenant's behalf goes.</summary>
public enum AddressClass
{
    /// <summary>A globally routable unicast address: the only class connected to without being listed.</summary>
    Public,
    Loopback,
    Unspecified,
    Private,
    /// <summary>Carrier-grade NAT space (100.64.0.0/10): private in practice, often a provider's internal services.</summary>
    SharedAddressSpace,
    LinkLocal,
    /// <summary>A cloud provider's instance metadata service: credentials for the machine BugSage runs on.</summary>
    CloudMetadata,
    Multicast,
    Broadcast,
    /// <summary>Documentation, benchmarking, protocol-assignment and unassigned space: nothing a remote service lives at.</summary>
    Reserved,
}

/// <summary>How an address class is named in refusals and logs.</summary>
public static class AddressClassNames
{
    public static string Describe(this AddressClass kind) => kind switch
    {
        AddressClass.Public => "public",
        AddressClass.Loopback => "loopback",
        AddressClass.Unspecified => "unspecified",
        AddressClass.Private => "private",
        AddressClass.SharedAddressSpace => "carrier-grade NAT",
        AddressClass.LinkLocal => "link-local",
        AddressClass.CloudMetadata => "cloud metadata",
        AddressClass.Multicast => "multicast",
        AddressClass.Broadcast => "broadcast",
        _ => "reserved",
    };
}
