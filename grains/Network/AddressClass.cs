namespace AloeOrleans.Grains.Network;

/// <summary>
/// What kind of destination an IP address is, for the outbound connection rules (<see cref="AddressClassifier"/>,
/// docs/security.md). Every class but <see cref="Public"/> is refused unless an operator allow-list names the address.
/// </summary>
public enum AddressClass
{
    /// <summary>Globally routable unicast: reachable by anyone on the internet, so nothing the service protects.</summary>
    Public,

    /// <summary><c>0.0.0.0</c> and <c>::</c>: connecting to them reaches this host.</summary>
    Unspecified,

    /// <summary><c>0.0.0.0/8</c>, "this network" (RFC 791): Linux routes some of it to this host.</summary>
    ThisNetwork,

    /// <summary><c>127.0.0.0/8</c> and <c>::1</c>: this host.</summary>
    Loopback,

    /// <summary><c>10.0.0.0/8</c>, <c>172.16.0.0/12</c>, <c>192.168.0.0/16</c> (RFC 1918).</summary>
    Private,

    /// <summary><c>100.64.0.0/10</c>, carrier-grade NAT (RFC 6598); some clouds put internal services there.</summary>
    SharedAddressSpace,

    /// <summary><c>169.254.0.0/16</c> and <c>fe80::/10</c>; cloud metadata services (169.254.169.254) live here.</summary>
    LinkLocal,

    /// <summary><c>fc00::/7</c> (RFC 4193), the IPv6 private networks.</summary>
    UniqueLocal,

    /// <summary><c>fec0::/10</c>, deprecated site-local IPv6 (RFC 3879), still private where used.</summary>
    SiteLocal,

    /// <summary><c>224.0.0.0/4</c> and <c>ff00::/8</c>.</summary>
    Multicast,

    /// <summary><c>255.255.255.255</c>.</summary>
    Broadcast,

    /// <summary><c>192.0.2.0/24</c>, <c>198.51.100.0/24</c>, <c>203.0.113.0/24</c>, <c>2001:db8::/32</c>: never routed.</summary>
    Documentation,

    /// <summary><c>198.18.0.0/15</c> and <c>2001:2::/48</c>: lab networks (RFC 2544, RFC 5180).</summary>
    Benchmarking,

    /// <summary>
    /// Everything else the IANA special-purpose registries set aside: <c>192.0.0.0/24</c>, <c>192.88.99.0/24</c>,
    /// <c>240.0.0.0/4</c>, IPv6 outside <c>2000::/3</c>, Teredo <c>2001::/32</c>, ORCHID, the local-use NAT64 prefix
    /// <c>64:ff9b:1::/48</c>, and IPv4-compatible IPv6 addresses.
    /// </summary>
    Reserved,
}
