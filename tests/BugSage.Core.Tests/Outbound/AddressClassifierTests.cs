using System.Net;
using BugSage.Core.Outbound;

namespace BugSage.Core.Tests.Outbound;

/// <summary>Addresses are classed by the IANA special-purpose registries, IPv6 forms of IPv4 by the IPv4 address they reach.</summary>
public class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("127.255.1.2", AddressClass.Loopback)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("0.1.2.3", AddressClass.Unspecified)]
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("10.0.0.1", AddressClass.Private)]
    [InlineData("172.16.0.1", AddressClass.Private)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("192.168.1.1", AddressClass.Private)]
    [InlineData("fc00::1", AddressClass.Private)]
    [InlineData("fd12:3456::1", AddressClass.Private)]
    [InlineData("100.64.0.1", AddressClass.SharedAddressSpace)]
    [InlineData("100.127.255.254", AddressClass.SharedAddressSpace)]
    [InlineData("169.254.1.1", AddressClass.LinkLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("fe80::1%2", AddressClass.LinkLocal)]
    [InlineData("169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("169.254.170.2", AddressClass.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressClass.CloudMetadata)]
    [InlineData("168.63.129.16", AddressClass.CloudMetadata)]
    [InlineData("100.100.100.200", AddressClass.CloudMetadata)]
    [InlineData("224.0.0.1", AddressClass.Multicast)]
    [InlineData("239.255.255.250", AddressClass.Multicast)]
    [InlineData("ff02::1", AddressClass.Multicast)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    [InlineData("240.0.0.1", AddressClass.Reserved)]
    [InlineData("192.0.2.10", AddressClass.Reserved)]
    [InlineData("198.18.0.1", AddressClass.Reserved)]
    [InlineData("2001:db8::1", AddressClass.Reserved)]
    [InlineData("100::1", AddressClass.Reserved)]
    [InlineData("4000::1", AddressClass.Reserved)]
    [InlineData("8.8.8.8", AddressClass.Public)]
    [InlineData("172.32.0.1", AddressClass.Public)]
    [InlineData("100.128.0.1", AddressClass.Public)]
    [InlineData("2606:4700::1111", AddressClass.Public)]
    public void An_address_is_classed_by_its_range(string address, AddressClass expected) =>
        AddressClassifier.Classify(IPAddress.Parse(address)).ShouldBe(expected);

    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressClass.Loopback)]
    [InlineData("::ffff:7f00:1", AddressClass.Loopback)]
    [InlineData("::ffff:169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("::ffff:10.1.2.3", AddressClass.Private)]
    [InlineData("::ffff:0.0.0.0", AddressClass.Unspecified)]
    [InlineData("::127.0.0.1", AddressClass.Loopback)]
    [InlineData("::192.168.0.1", AddressClass.Private)]
    [InlineData("64:ff9b::127.0.0.1", AddressClass.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressClass.CloudMetadata)]
    [InlineData("2002:7f00:1::", AddressClass.Loopback)]
    [InlineData("2002:c0a8:101::1", AddressClass.Private)]
    [InlineData("::ffff:8.8.8.8", AddressClass.Public)]
    [InlineData("64:ff9b::8.8.8.8", AddressClass.Public)]
    [InlineData("2002:808:808::1", AddressClass.Public)]
    public void An_IPv6_form_of_an_IPv4_address_is_classed_as_the_IPv4_address_it_reaches(string address, AddressClass expected) =>
        AddressClassifier.Classify(IPAddress.Parse(address)).ShouldBe(expected);
}
