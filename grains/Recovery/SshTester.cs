using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Whether a system's SSH or SFTP host answers and accepts the system's credential (<see cref="RecoveryTester.Ssh"/>).
/// The system is read from the catalog at each test, so a credential or host fixed through <c>/systems/v2</c> is what
/// the next test uses. A login block runs <c>true</c>; a storage block asks its SFTP server about its root, since a
/// storage server may serve SFTP only and refuse commands.
/// </summary>
public sealed class SshTester(ICatalog catalog, SshConnectionPool pool)
{
    /// <summary>Tests the system and block <paramref name="parameters"/> name (<see cref="SshTestParameters"/>).</summary>
    public async Task<RecoveryTestResult> TestAsync(string tenantId, string parameters, CancellationToken cancellationToken)
    {
        var (systemId, block) = SshTestParameters.Read(parameters);
        var system = await catalog.FindSystemAsync(tenantId, systemId, cancellationToken);
        if (system is null)
        {
            return new RecoveryTestResult(false, $"system {systemId} does not exist");
        }

        var login = string.Equals(system.Login?.Protocol, "SSH", StringComparison.OrdinalIgnoreCase);
        var storage = system.Storage.Protocol is { } protocol
                      && (protocol.Equals("SFTP", StringComparison.OrdinalIgnoreCase) || protocol.Equals("SSH", StringComparison.OrdinalIgnoreCase));
        var chosen = block ?? (login ? SshBlock.Login : SshBlock.Storage);
        if (chosen == SshBlock.Login ? !login : !storage)
        {
            // Changed since (or never SSH): nothing left to wait for here; the job tries again and meets what is there now.
            return new RecoveryTestResult(true, $"the {(chosen == SshBlock.Login ? "login" : "storage")} of system {systemId} is not reached over SSH");
        }

        var endpoint = chosen == SshBlock.Login ? SshEndpoint.ForLogin(system) : SshEndpoint.ForStorage(system);
        return await TestAsync(endpoint, system.Storage.RootDir, cancellationToken);
    }

    /// <summary>Connects to <paramref name="endpoint"/>; a login runs <c>true</c>, a storage looks up <paramref name="rootDir"/> over SFTP.</summary>
    public async Task<RecoveryTestResult> TestAsync(SshEndpoint endpoint, string? rootDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var where = $"{endpoint.Host}:{endpoint.Port} as {endpoint.Username} ({(endpoint.Block == SshBlock.Storage ? "storage" : "login")} of system {endpoint.SystemId})";
        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        if (endpoint.Block == SshBlock.Storage)
        {
            // Any answer will do (a missing root is another problem, not this test's): the server is up and let us in.
            await lease.KindAsync(string.IsNullOrEmpty(rootDir) ? "/" : rootDir, cancellationToken);
            return new RecoveryTestResult(true, $"SFTP to {where} works");
        }

        var result = await lease.RunAsync("true", cancellationToken);
        return result.Succeeded
            ? new RecoveryTestResult(true, $"SSH to {where} works")
            : new RecoveryTestResult(false, $"SSH to {where} answered exit code {result.ExitCode}");
    }
}
