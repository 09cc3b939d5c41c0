using System.Net;

namespace AloeOrleans.Grains.Network;

/// <summary>Name to addresses (the system's resolver by default; tests answer what a hostile DNS server would).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);
