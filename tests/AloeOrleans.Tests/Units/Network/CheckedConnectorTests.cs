using System.Net;
using System.Net.Sockets;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Staging;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units.Network;

/// <summary>
/// Resolving and connecting under the policy, with a resolver that answers what a hostile DNS server would: the checked
/// address is the one connected to, and a refused host is never connected to.
/// </summary>
public sealed class CheckedConnectorTests : IDisposable
{
    private const string Setting = "Aloe:Staging:AllowedNetworks";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public CheckedConnectorTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("::1")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("localhost")]
    [InlineData("0.0.0.0")]
    [InlineData("0")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task Every_spelling_of_this_host_is_refused_without_an_allow_list(string host)
    {
        var connector = new CheckedConnector(NetworkPolicy.Parse("", Setting));

        var error = await Assert.ThrowsAsync<DestinationRefusedException>(() => connector.ConnectAsync(host, Port, CancellationToken.None));

        Assert.Contains(Setting, error.Message, StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a refused host was connected to");
    }

    [Fact]
    public async Task A_name_with_one_refused_address_among_allowed_ones_is_refused_as_a_whole()
    {
        var connector = new CheckedConnector(NetworkPolicy.Parse("127.0.0.1/32", Setting),
            (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("169.254.169.254") }));

        var error = await Assert.ThrowsAsync<DestinationRefusedException>(() => connector.ConnectAsync("mixed.example", Port, CancellationToken.None));

        Assert.Equal(AddressClass.LinkLocal, error.Verdict.Class);
        Assert.StartsWith("host 'mixed.example' resolves to a link-local address", error.Message, StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a host with a refused address was connected to");
    }

    [Fact]
    public async Task The_connection_goes_to_the_address_that_was_checked_not_to_a_second_lookup()
    {
        // A rebinding server answers an allowed address first and a refused one afterwards: only one lookup happens.
        var lookups = 0;
        var connector = new CheckedConnector(NetworkPolicy.Parse("127.0.0.1/32", Setting), (_, _) =>
            Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { IPAddress.Loopback } : new[] { IPAddress.Parse("10.0.0.1") }));

        using var socket = await connector.ConnectAsync("rebinding.example", Port, CancellationToken.None);
        using var accepted = await _listener.AcceptSocketAsync();

        Assert.Equal(1, lookups);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)socket.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task An_address_given_directly_is_checked_too()
    {
        var connector = new CheckedConnector(NetworkPolicy.Parse("", Setting));

        await Assert.ThrowsAsync<DestinationRefusedException>(() => connector.ConnectAsync(IPAddress.Loopback, Port, CancellationToken.None));
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_a_socket_error()
    {
        var connector = new CheckedConnector(NetworkPolicy.Parse("", Setting), (_, _) => Task.FromResult(Array.Empty<IPAddress>()));

        var error = await Assert.ThrowsAsync<SocketException>(() => connector.ConnectAsync("nowhere.example", Port, CancellationToken.None));

        Assert.Equal(SocketError.HostNotFound, error.SocketErrorCode);
    }

    [Fact]
    public async Task The_staging_http_client_connects_through_the_checked_resolver()
    {
        // "files.example" exists only in this resolver: the request reaching the listener proves no other lookup happened.
        var options = Options.Create(new StagingOptions { AllowedNetworks = "127.0.0.1/32" });
        using var network = new StagingNetwork(options, (host, _) =>
            Task.FromResult(host == "files.example" ? new[] { IPAddress.Loopback } : new[] { IPAddress.Parse("10.0.0.1") }));

        var request = network.Http.GetAsync(new Uri($"http://files.example:{Port}/in.txt"));
        using var accepted = await _listener.AcceptSocketAsync();
        var buffer = new byte[1024];
        var read = await accepted.ReceiveAsync(buffer);
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
        using var response = await request;

        Assert.StartsWith("GET /in.txt HTTP/1.1", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => network.Http.GetAsync(new Uri($"http://elsewhere.example:{Port}/")));
        Assert.IsType<DestinationRefusedException>(refused.InnerException);
    }
}
