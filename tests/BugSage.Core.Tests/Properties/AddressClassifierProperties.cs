using System.Buffers.Binary;
using System.Net;
using BugSage.Core.Outbound;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// The address classification over the whole address space: every IPv6 spelling of an IPv4
/// address is judged like that address, the refused ranges hold whatever their host bits are, and
/// an allowed range allows exactly the addresses inside it.
/// </summary>
public class AddressClassifierProperties
{
    private static readonly Gen<IPAddress> V4 = Gen.UInt.Select(V4Of);

    private static IPAddress V4Of(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>An IPv6 address made of <paramref name="prefix"/> followed by the IPv4 address's bytes at <paramref name="at"/>, the rest from <paramref name="filler"/>.</summary>
    private static IPAddress V6With(byte[] prefix, IPAddress v4, int at, byte[] filler)
    {
        var bytes = filler[..16];
        prefix.CopyTo(bytes, 0);
        v4.GetAddressBytes().CopyTo(bytes, at);
        return new IPAddress(bytes);
    }

    private static bool IsPublic(IPAddress address) => AddressClassifier.Classify(address) == AddressClass.Public;

    [Fact]
    public void IPv4_mapped_and_NAT64_forms_are_classed_as_their_IPv4_address() =>
        V4.Sample(v4 =>
        {
            var kind = AddressClassifier.Classify(v4);
            AddressClassifier.Classify(v4.MapToIPv6()).ShouldBe(kind);
            AddressClassifier.Classify(V6With([0, 0x64, 0xff, 0x9b], v4, 12, new byte[16])).ShouldBe(kind);
        }, iter: PropertyRuns.Addresses);

    [Fact]
    public void IPv4_compatible_and_6to4_forms_are_refused_exactly_when_their_IPv4_address_is() =>
        Gen.Select(V4, Gen.Byte.Array[16], (v4, filler) => (v4, filler)).Sample(x =>
        {
            IsPublic(V6With([], x.v4, 12, new byte[16])).ShouldBe(IsPublic(x.v4));
            IsPublic(V6With([0x20, 0x02], x.v4, 2, x.filler)).ShouldBe(IsPublic(x.v4));
        }, iter: PropertyRuns.Addresses);

    [Theory]
    [InlineData("10.0.0.0/8", AddressClass.Private)]
    [InlineData("172.16.0.0/12", AddressClass.Private)]
    [InlineData("192.168.0.0/16", AddressClass.Private)]
    [InlineData("127.0.0.0/8", AddressClass.Loopback)]
    [InlineData("100.64.0.0/10", AddressClass.SharedAddressSpace)]
    [InlineData("224.0.0.0/4", AddressClass.Multicast)]
    [InlineData("fe80::/10", AddressClass.LinkLocal)]
    [InlineData("fc00::/7", AddressClass.Private)]
    public void Every_address_of_a_refused_range_is_refused_whatever_its_host_bits(string range, AddressClass expected)
    {
        var network = IPNetwork.Parse(range);
        var size = network.BaseAddress.GetAddressBytes().Length;
        Gen.Byte.Array[size].Sample(random =>
        {
            var bytes = network.BaseAddress.GetAddressBytes();
            for (var bit = network.PrefixLength; bit < size * 8; bit++)
                if ((random[bit / 8] & (0x80 >> (bit % 8))) != 0) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            var address = new IPAddress(bytes);
            // Metadata services sit inside some ranges and are a class of their own.
            AddressClassifier.Classify(address).ShouldBeOneOf(expected, AddressClass.CloudMetadata);
        }, iter: PropertyRuns.Addresses);
    }

    [Fact]
    public void IPv6_outside_global_unicast_is_never_public() =>
        Gen.Select(Gen.Byte[0x40, 0xff], Gen.Byte.Array[15], (first, rest) => new IPAddress([first, .. rest]))
            .Sample(address => IsPublic(address).ShouldBeFalse(address.ToString()), iter: PropertyRuns.Addresses);

    [Fact]
    public void An_allowed_range_holds_exactly_its_addresses_in_either_spelling()
    {
        var allowed = new AllowedHosts(["10.0.0.0/8", "192.168.7.7"]);
        V4.Sample(v4 =>
        {
            var bytes = v4.GetAddressBytes();
            var inside = bytes[0] == 10 || v4.Equals(IPAddress.Parse("192.168.7.7"));
            allowed.Holds(v4).ShouldBe(inside);
            allowed.Holds(v4.MapToIPv6()).ShouldBe(inside);
        }, iter: PropertyRuns.Addresses);
    }
}
