using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>Free TCP ports on loopback for the servers tests start (silos, services, PostgreSQL).</summary>
public static class TestPorts
{
    /// <summary>A port the system just handed out and released; free unless another process grabs it first.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
