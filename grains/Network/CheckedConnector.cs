using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Grains.Network;

/// <summary>
/// Opens TCP connections under a <see cref="NetworkPolicy"/>: resolves the host itself, checks every address it gets,
/// and connects only to an address it checked, so a DNS answer that changes between check and connect (rebinding)
/// changes nothing. A host with any refused address is refused as a whole: a name that mixes public and internal
/// addresses is either a mistake or a trick.
/// </summary>
public sealed class CheckedConnector(NetworkPolicy policy, HostResolver? resolver = null)
{
    private readonly HostResolver resolve = resolver ?? ((host, cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken));

    public NetworkPolicy Policy => policy;

    /// <summary>The addresses of <paramref name="host"/> (a name, or an IP address with or without brackets), every one allowed.</summary>
    /// <exception cref="DestinationRefusedException">An address of the host is refused.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(bare, out var literal) ? new[] { literal } : await resolve(bare, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var checkedAddresses = new List<IPAddress>(addresses.Length);
        foreach (var address in addresses)
        {
            var verdict = policy.Check(address);
            if (!verdict.IsAllowed)
            {
                throw new DestinationRefusedException(host, verdict, policy.SettingName);
            }

            checkedAddresses.Add(verdict.Address);
        }

        return checkedAddresses;
    }

    /// <summary>A connected socket to <paramref name="host"/>:<paramref name="port"/>, on the first checked address that answers.</summary>
    /// <exception cref="DestinationRefusedException">An address of the host is refused; nothing was connected to.</exception>
    /// <exception cref="SocketException">The name does not resolve, or no address accepted the connection.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await ConnectCheckedAsync(address, port, cancellationToken);
            }
            catch (SocketException exception)
            {
                last = exception;
            }
        }

        throw last!;
    }

    /// <summary>A connected socket to an address (checked again here, so no caller can skip the policy).</summary>
    /// <exception cref="DestinationRefusedException">The address is refused; nothing was connected to.</exception>
    public Task<Socket> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var verdict = policy.Check(address);
        return verdict.IsAllowed
            ? ConnectCheckedAsync(verdict.Address, port, cancellationToken)
            : throw new DestinationRefusedException(address.ToString(), verdict, policy.SettingName);
    }

    private static async Task<Socket> ConnectCheckedAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
