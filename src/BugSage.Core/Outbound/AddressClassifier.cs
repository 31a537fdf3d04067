using System.Net;

namespace BugSage.Core.Outbound;

/// <summary>
/// Classifies IP addresses by the IANA special-purpose registries. IPv6 forms that carry an IPv4
/// address (IPv4-mapped <c>::ffff:a.b.c.d</c>, IPv4-compatible <c>::a.b.c.d</c>, NAT64
/// <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) are judged by the IPv4 address they reach, so
/// <c>::ffff:127.0.0.1</c> is loopback. IPv6 outside global unicast (<c>2000::/3</c>) is never public.
/// </summary>
public static class AddressClassifier
{
    // Known metadata services first: they sit inside wider ranges (or, for Azure's WireServer, in public space).
    private static readonly (IPNetwork Range, AddressClass Class)[] V4 =
    [
        (IPNetwork.Parse("169.254.169.254/32"), AddressClass.CloudMetadata), // AWS, GCP, Azure IMDS, OpenStack, Oracle
        (IPNetwork.Parse("169.254.170.2/32"), AddressClass.CloudMetadata),   // AWS ECS task credentials
        (IPNetwork.Parse("168.63.129.16/32"), AddressClass.CloudMetadata),   // Azure WireServer
        (IPNetwork.Parse("100.100.100.200/32"), AddressClass.CloudMetadata), // Alibaba Cloud
        (IPNetwork.Parse("0.0.0.0/8"), AddressClass.Unspecified),            // Linux connects 0.0.0.0 to the local host
        (IPNetwork.Parse("10.0.0.0/8"), AddressClass.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressClass.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), AddressClass.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressClass.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressClass.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressClass.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressClass.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressClass.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressClass.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressClass.Reserved),
    ];

    private static readonly (IPNetwork Range, AddressClass Class)[] V6 =
    [
        (IPNetwork.Parse("fd00:ec2::254/128"), AddressClass.CloudMetadata), // AWS IMDS over IPv6
        (IPNetwork.Parse("::/128"), AddressClass.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressClass.Loopback),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressClass.Private),          // local-use NAT64
        (IPNetwork.Parse("100::/64"), AddressClass.Reserved),               // discard-only
        (IPNetwork.Parse("2001:db8::/32"), AddressClass.Reserved),          // documentation
        (IPNetwork.Parse("fc00::/7"), AddressClass.Private),                // unique local
        (IPNetwork.Parse("fe80::/10"), AddressClass.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressClass.Private),               // deprecated site-local
        (IPNetwork.Parse("ff00::/8"), AddressClass.Multicast),
    ];

    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    public static AddressClass Classify(IPAddress address)
    {
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) return ClassifyV4(address);
        // First, and as IPv4: IPNetwork.Contains treats IPv4-mapped addresses specially (::1/128 "contains"
        // ::ffff:0.0.0.1), so they must never meet the IPv6 ranges below.
        if (address.IsIPv4MappedToIPv6) return ClassifyV4(address.MapToIPv4());
        var unscoped = address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        foreach (var (range, kind) in V6)
            if (range.Contains(unscoped)) return kind;
        if (Compatible.Contains(unscoped) || Nat64.Contains(unscoped))
            return ClassifyV4(new IPAddress(unscoped.GetAddressBytes().AsSpan(12, 4)));
        if (SixToFour.Contains(unscoped))
            return ClassifyV4(new IPAddress(unscoped.GetAddressBytes().AsSpan(2, 4)));
        return GlobalUnicast.Contains(unscoped) ? AddressClass.Public : AddressClass.Reserved;
    }

    /// <summary>The IPv4 address an IPv4-mapped IPv6 address stands for, else the address itself: what allow-list ranges are matched against.</summary>
    public static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static AddressClass ClassifyV4(IPAddress address)
    {
        foreach (var (range, kind) in V4)
            if (range.Contains(address)) return kind;
        return AddressClass.Public;
    }
}
