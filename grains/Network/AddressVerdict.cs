using System.Net;

namespace AloeOrleans.Grains.Network;

/// <summary>
/// What a <see cref="NetworkPolicy"/> says about one address: its class, the IPv4 address an IPv6 form carries (if
/// any), and whether the service may connect to it. <see cref="Address"/> is the address to connect to (an IPv4-mapped
/// IPv6 address is given as the IPv4 address it is).
/// </summary>
public sealed record AddressVerdict(IPAddress Address, AddressClass Class, IPAddress? EmbeddedIPv4, bool IsAllowed);
