using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// A separate Orleans client process's view of a cluster port: connect to 127.0.0.1:<c>port</c> as the given cluster
/// (an attacker who read the ids), optionally with TLS, and make one grain call. A refused client retries its
/// connection for as long as it is let, so a refusal shows as no call made before the deadline; the same deadline
/// must let an admitted client through (the tests check that it does).
/// </summary>
public static class OrleansClientAttempt
{
    /// <summary>Null when <paramref name="call"/> went through, else what stopped it (connect or call), within <paramref name="timeout"/>.</summary>
    public static async Task<Exception?> TryCallAsync(
        int port, string clusterId, string serviceId, Action<IClientBuilder>? configure, Func<IClusterClient, Task> call, TimeSpan timeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
            // A call on a connection the server dropped would otherwise wait the default 30 s for its answer.
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
            configure?.Invoke(client);
        });
        using var host = builder.Build();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await host.StartAsync(deadline.Token);
            await call(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(deadline.Token);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await host.StopAsync(stop.Token);
            }
            catch (Exception)
            {
                // A client that never connected may fail to stop cleanly; the attempt's answer is already known.
            }
        }
    }
}
