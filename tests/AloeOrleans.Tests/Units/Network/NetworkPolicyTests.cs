using System.Net;
using AloeOrleans.Grains.Network;
using Xunit;

namespace AloeOrleans.Tests.Units.Network;

/// <summary>The allow-list: how it is written, what it lets through, and what stays refused whatever it says.</summary>
public sealed class NetworkPolicyTests
{
    private const string Setting = "Aloe:Staging:AllowedNetworks";

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed_with_an_empty_list(string address) =>
        Assert.True(NetworkPolicy.Parse("", Setting).Check(IPAddress.Parse(address)).IsAllowed);

    [Theory]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("10.0.0.1", AddressClass.Private)]
    [InlineData("172.16.5.4", AddressClass.Private)]
    [InlineData("192.168.1.1", AddressClass.Private)]
    [InlineData("100.64.0.1", AddressClass.SharedAddressSpace)]
    [InlineData("fd00::1", AddressClass.UniqueLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("224.0.0.1", AddressClass.Multicast)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("0.1.2.3", AddressClass.ThisNetwork)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    [InlineData("::ffff:127.0.0.1", AddressClass.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressClass.LinkLocal)]
    [InlineData("2002:a00:1::1", AddressClass.Private)]
    public void Every_other_class_is_refused_with_an_empty_list(string address, AddressClass expected)
    {
        var verdict = NetworkPolicy.Parse(null, Setting).Check(IPAddress.Parse(address));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(expected, verdict.Class);
    }

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.1", true)]
    [InlineData("127.0.0.0/8", "127.255.0.9", true)]
    [InlineData("127.0.0.0/8", "::1", false)]
    [InlineData("127.0.0.1/32", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("10.20.0.0/16", "10.20.30.40", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("0.0.0.0/0", "169.254.169.254", true)]
    public void Listed_networks_are_allowed_and_nothing_beside_them(string list, string address, bool allowed) =>
        Assert.Equal(allowed, NetworkPolicy.Parse(list, Setting).Check(IPAddress.Parse(address)).IsAllowed);

    [Fact]
    public void An_IPv4_mapped_address_is_checked_and_connected_to_as_the_IPv4_address_it_is()
    {
        var verdict = NetworkPolicy.Parse("127.0.0.0/8", Setting).Check(IPAddress.Parse("::ffff:127.0.0.1"));

        Assert.True(verdict.IsAllowed);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), verdict.Address);
    }

    [Theory]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("::127.0.0.1")]
    public void An_IPv4_network_in_the_list_does_not_allow_other_IPv6_forms_that_reach_it(string address) =>
        Assert.False(NetworkPolicy.Parse("127.0.0.0/8", Setting).Check(IPAddress.Parse(address)).IsAllowed);

    [Theory]
    [InlineData("127.0.0.0/8, ::1/128", 2)]
    [InlineData("127.0.0.0/8,::1/128", 2)]
    [InlineData(" 127.0.0.0/8 ;\n::1/128 ", 2)]
    [InlineData("10.0.0.0/8 192.168.0.0/16 fd00::/8", 3)]
    [InlineData("", 0)]
    [InlineData(" , ", 0)]
    [InlineData(null, 0)]
    public void The_list_is_separated_by_commas_semicolons_or_white_space(string? list, int count) =>
        Assert.Equal(count, NetworkPolicy.Parse(list, Setting).AllowedNetworks.Count);

    [Theory]
    [InlineData("localhost", "not an IP address")]
    [InlineData("10.0.0.0/33", "prefix length between 0 and 32")]
    [InlineData("fd00::/129", "prefix length between 0 and 128")]
    [InlineData("10.0.0.0/", "prefix length")]
    [InlineData("10.0.0.0/-1", "prefix length")]
    [InlineData("10.0.0.0/x", "prefix length")]
    [InlineData("10.1.2.3/8", "the network is 10.0.0.0/8")]
    [InlineData("fe80::1%2/64", "not an IP address")]
    [InlineData("::ffff:10.0.0.0/104", "write it as IPv4")]
    public void A_bad_entry_stops_the_list_with_the_setting_and_the_entry_named(string entry, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NetworkPolicy.Parse($"127.0.0.0/8, {entry}", Setting));

        Assert.Contains(Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(NetworkPolicy.Problems($"127.0.0.0/8, {entry}"));
    }

    [Fact]
    public void The_list_reads_back_for_the_start_up_log()
    {
        Assert.Equal("127.0.0.0/8, ::1/128", NetworkPolicy.Parse("127.0.0.0/8,::1", Setting).ToString());
        Assert.Equal("none", NetworkPolicy.Parse("", Setting).ToString());
    }

    [Fact]
    public void A_refusal_names_the_host_the_class_and_the_setting_but_not_the_address_a_name_resolves_to()
    {
        var policy = NetworkPolicy.Parse("", Setting);

        var named = new DestinationRefusedException("db.internal", policy.Check(IPAddress.Parse("10.9.8.7")), Setting);
        var literal = new DestinationRefusedException("64:ff9b::a9fe:a9fe", policy.Check(IPAddress.Parse("64:ff9b::a9fe:a9fe")), Setting);

        Assert.Equal("host 'db.internal' resolves to a private address (RFC 1918); the service does not connect there unless the operator " +
                     "allows that network in Aloe:Staging:AllowedNetworks", named.Message);
        Assert.DoesNotContain("10.9.8.7", named.Message, StringComparison.Ordinal);
        Assert.StartsWith("host '64:ff9b::a9fe:a9fe' is a link-local address (where cloud metadata services live) (it carries the IPv4 address 169.254.169.254)",
            literal.Message, StringComparison.Ordinal);
    }
}
