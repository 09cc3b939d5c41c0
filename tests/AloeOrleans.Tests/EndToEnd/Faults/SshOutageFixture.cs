using System.Text.Json.Nodes;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// A host the tests can take down: a private sshd (<see cref="PrivateSshd"/>) behind a counting relay
/// (<see cref="TcpRelay"/>), and a service of the class's own (<see cref="FaultServiceSettings"/>) whose FORK system
/// <see cref="SystemId"/> reaches that sshd through the relay.
/// </summary>
public class SshOutageFixture : IAsyncLifetime
{
    public const string SystemId = "fork-outage";

    public PrivateSshd Sshd { get; private set; } = null!;

    public TcpRelay Relay { get; private set; } = null!;

    public AloeServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sshd = await PrivateSshd.StartAsync();
        Relay = TcpRelay.To(Sshd.Port);
        Service = await AloeServiceProcess.StartAsync(environment: ServiceEnvironment());
    }

    /// <summary>The service's configuration: <see cref="FaultServiceSettings"/> for <see cref="SystemId"/>.</summary>
    protected virtual Dictionary<string, string> ServiceEnvironment() => FaultServiceSettings.Environment(SystemId);

    /// <summary>
    /// A new tenant with the FORK system (through the relay, with the private sshd's host key and client key) and the
    /// sleep app deployed on it; the private sshd must be up.
    /// </summary>
    public async Task<RemoteTestTenant> TenantAsync()
    {
        var tenant = await RemoteTestTenant.CreateAsync(Service);
        try
        {
            await tenant.RunOkAsync($"mkdir -p {Infrastructure.Remote.RemoteTestEnvironment.ShellQuote(tenant.ExecutionRoot(SystemId))}");
            var system = RemoteSystemBodies.Execution(SystemId, "FORK", tenant.ExecutionRoot(SystemId), Sshd.HostKeyFingerprint, Sshd.PrivateKeyText);
            foreach (var endpoint in new[] { "login", "storage" })
            {
                system[endpoint]!["port"] = JsonValue.Create(Relay.Port);
            }

            await tenant.Admin.RegisterSystemAsync(system);
            await tenant.DeployAsync(RemoteApps.Sleep(SystemId));
            return tenant;
        }
        catch
        {
            await tenant.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host goes down: sshd stops (scripts/sshd.sh) and every open connection to it breaks.</summary>
    public async Task TakeHostDownAsync()
    {
        await Sshd.StopAsync();
        Relay.CutAll();
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        if (Sshd is not null)
        {
            await Sshd.DisposeAsync();
        }
    }
}
