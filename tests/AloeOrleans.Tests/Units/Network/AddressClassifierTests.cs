using System.Net;
using AloeOrleans.Grains.Network;
using Xunit;

namespace AloeOrleans.Tests.Units.Network;

/// <summary>Every class of <see cref="AddressClassifier"/> with the edges of its ranges, and every IPv6 spelling of IPv4.</summary>
public sealed class AddressClassifierTests
{
    [Theory]
    // IPv4: each special range at its first and last address, and the public neighbours just outside it.
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("0.0.0.1", AddressClass.ThisNetwork)]
    [InlineData("0.255.255.255", AddressClass.ThisNetwork)]
    [InlineData("1.0.0.0", AddressClass.Public)]
    [InlineData("9.255.255.255", AddressClass.Public)]
    [InlineData("10.0.0.0", AddressClass.Private)]
    [InlineData("10.255.255.255", AddressClass.Private)]
    [InlineData("11.0.0.0", AddressClass.Public)]
    [InlineData("100.63.255.255", AddressClass.Public)]
    [InlineData("100.64.0.0", AddressClass.SharedAddressSpace)]
    [InlineData("100.100.100.200", AddressClass.SharedAddressSpace)]
    [InlineData("100.127.255.255", AddressClass.SharedAddressSpace)]
    [InlineData("100.128.0.0", AddressClass.Public)]
    [InlineData("126.255.255.255", AddressClass.Public)]
    [InlineData("127.0.0.0", AddressClass.Loopback)]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("127.255.255.255", AddressClass.Loopback)]
    [InlineData("128.0.0.0", AddressClass.Public)]
    [InlineData("169.253.255.255", AddressClass.Public)]
    [InlineData("169.254.0.0", AddressClass.LinkLocal)]
    [InlineData("169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("169.254.255.255", AddressClass.LinkLocal)]
    [InlineData("169.255.0.0", AddressClass.Public)]
    [InlineData("172.15.255.255", AddressClass.Public)]
    [InlineData("172.16.0.0", AddressClass.Private)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("172.32.0.0", AddressClass.Public)]
    [InlineData("192.0.0.0", AddressClass.Reserved)]
    [InlineData("192.0.0.255", AddressClass.Reserved)]
    [InlineData("192.0.1.0", AddressClass.Public)]
    [InlineData("192.0.2.0", AddressClass.Documentation)]
    [InlineData("192.0.2.255", AddressClass.Documentation)]
    [InlineData("192.0.3.0", AddressClass.Public)]
    [InlineData("192.88.99.1", AddressClass.Reserved)]
    [InlineData("192.167.255.255", AddressClass.Public)]
    [InlineData("192.168.0.0", AddressClass.Private)]
    [InlineData("192.168.255.255", AddressClass.Private)]
    [InlineData("192.169.0.0", AddressClass.Public)]
    [InlineData("198.17.255.255", AddressClass.Public)]
    [InlineData("198.18.0.0", AddressClass.Benchmarking)]
    [InlineData("198.19.255.255", AddressClass.Benchmarking)]
    [InlineData("198.20.0.0", AddressClass.Public)]
    [InlineData("198.51.100.7", AddressClass.Documentation)]
    [InlineData("203.0.113.7", AddressClass.Documentation)]
    [InlineData("8.8.8.8", AddressClass.Public)]
    [InlineData("223.255.255.255", AddressClass.Public)]
    [InlineData("224.0.0.0", AddressClass.Multicast)]
    [InlineData("239.255.255.255", AddressClass.Multicast)]
    [InlineData("240.0.0.0", AddressClass.Reserved)]
    [InlineData("255.255.255.254", AddressClass.Reserved)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    // IPv6 of its own.
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("febf:ffff::1", AddressClass.LinkLocal)]
    [InlineData("fec0::1", AddressClass.SiteLocal)]
    [InlineData("feff::1", AddressClass.SiteLocal)]
    [InlineData("fe00::1", AddressClass.Reserved)]
    [InlineData("fc00::1", AddressClass.UniqueLocal)]
    [InlineData("fd00:ec2::254", AddressClass.UniqueLocal)]
    [InlineData("fdff:ffff::1", AddressClass.UniqueLocal)]
    [InlineData("ff02::1", AddressClass.Multicast)]
    [InlineData("ff05::2", AddressClass.Multicast)]
    [InlineData("100::1", AddressClass.Reserved)]
    [InlineData("64:ff9b:1::a00:1", AddressClass.Reserved)]
    [InlineData("1fff:ffff::1", AddressClass.Reserved)]
    [InlineData("4000::1", AddressClass.Reserved)]
    [InlineData("2001::1", AddressClass.Reserved)]
    [InlineData("2001:0:4136:e378::1", AddressClass.Reserved)]
    [InlineData("2001:10::1", AddressClass.Reserved)]
    [InlineData("2001:20::1", AddressClass.Reserved)]
    [InlineData("2001:2::1", AddressClass.Benchmarking)]
    [InlineData("2001:db8::1", AddressClass.Documentation)]
    [InlineData("3fff::1", AddressClass.Documentation)]
    [InlineData("3fff:fff::1", AddressClass.Documentation)]
    [InlineData("3fff:1000::1", AddressClass.Public)]
    [InlineData("2001:4860:4860::8888", AddressClass.Public)]
    [InlineData("2a00:1450:4001::1", AddressClass.Public)]
    [InlineData("2001:3::1", AddressClass.Public)]
    public void Each_address_gets_its_class(string address, AddressClass expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    // IPv4-mapped: the socket connects to the IPv4 address itself.
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("::ffff:169.254.169.254", "169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3", AddressClass.Private)]
    [InlineData("::ffff:0.0.0.0", "0.0.0.0", AddressClass.Unspecified)]
    [InlineData("::ffff:8.8.8.8", "8.8.8.8", AddressClass.Public)]
    // IPv4-compatible (deprecated): never public, even with a public address inside.
    [InlineData("::127.0.0.1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("::169.254.169.254", "169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("::0.0.0.2", "0.0.0.2", AddressClass.ThisNetwork)]
    [InlineData("::8.8.8.8", "8.8.8.8", AddressClass.Reserved)]
    // NAT64 well-known prefix: the translator connects to the IPv4 address.
    [InlineData("64:ff9b::7f00:1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("64:ff9b::c0a8:101", "192.168.1.1", AddressClass.Private)]
    [InlineData("64:ff9b::808:808", "8.8.8.8", AddressClass.Public)]
    // 6to4: a relay forwards to the IPv4 address.
    [InlineData("2002:7f00:1::1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("2002:a9fe:a9fe::", "169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("2002:a00:1::5", "10.0.0.1", AddressClass.Private)]
    [InlineData("2002:808:808::1", "8.8.8.8", AddressClass.Public)]
    public void IPv6_spellings_of_IPv4_take_the_class_of_the_IPv4_address(string address, string embedded, AddressClass expected)
    {
        var actual = AddressClassifier.Classify(IPAddress.Parse(address), out var inside);

        Assert.Equal(expected, actual);
        Assert.Equal(IPAddress.Parse(embedded), inside);
    }

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::1")]
    [InlineData("127.0.0.1")]
    public void Addresses_without_IPv4_inside_report_none(string address)
    {
        AddressClassifier.Classify(IPAddress.Parse(address), out var inside);

        Assert.Null(inside);
    }

    [Fact]
    public void Every_class_has_words_for_messages()
    {
        foreach (var addressClass in Enum.GetValues<AddressClass>())
        {
            Assert.False(string.IsNullOrWhiteSpace(AddressClassifier.Describe(addressClass)), $"{addressClass} has no description");
        }
    }
}
