using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Quotas;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Runs a recovery group's test: one test for all the group's jobs. The catalog is read at each test, so a credential
/// or system fixed through <c>/systems/v2</c> is what the next test uses.
/// </summary>
public sealed class RecoveryTesters(ICatalog catalog, SshConnectionPool pool, IQuotaStore quotas)
{
    public async Task<RecoveryTestResult> TestAsync(RecoveryGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await ThreadPoolHop.Now;
        try
        {
            return group.Tester switch
            {
                RecoveryTester.Ssh => await SshAsync(group.TenantId, group.TesterParameters, cancellationToken),
                RecoveryTester.System => await catalog.FindSystemAsync(group.TenantId, group.TesterParameters, cancellationToken) is null
                    ? new RecoveryTestResult(false, $"system {group.TesterParameters} does not exist")
                    : new RecoveryTestResult(true, $"system {group.TesterParameters} exists"),
                RecoveryTester.App => await catalog.FindAppAsync(group.TenantId, group.TesterParameters, cancellationToken) is null
                    ? new RecoveryTestResult(false, $"app {group.TesterParameters} does not exist")
                    : new RecoveryTestResult(true, $"app {group.TesterParameters} exists"),
                RecoveryTester.Quota => await QuotaAsync(QuotaTestParameters.Scope(group.TenantId, group.TesterParameters), cancellationToken),
                _ => new RecoveryTestResult(true, "the wait is over; the job tries again"),
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RecoveryTestResult(false, exception.Message);
        }
    }

    /// <summary>
    /// Counts the jobs holding a slot on the system across the cluster (the limits read from the catalog now, so a limit
    /// an admin raised counts at once) and those released earlier that are still on their way to take one: cleared when
    /// the limits leave room for more of the owner's jobs, releasing that many. A system that no longer exists has no
    /// limits to wait for: its jobs go on and meet that.
    /// </summary>
    private async Task<RecoveryTestResult> QuotaAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        var system = await catalog.FindSystemAsync(scope.TenantId, scope.SystemId, cancellationToken);
        if (system is null)
        {
            return new RecoveryTestResult(true, $"system {scope.SystemId} no longer exists; its job limits no longer apply");
        }

        var limits = SubmissionLimits.For(system, scope.RemoteQueue);
        var active = await quotas.CountActiveAsync(scope, cancellationToken);
        if (SubmissionQuotaRule.Room(limits, active) <= 0)
        {
            return new RecoveryTestResult(false, SubmissionQuotaRule.Decide(limits, active, scope.Owner).Message);
        }

        var room = SubmissionQuotaRule.Room(limits, active.Plus(await quotas.CountReturningAsync(scope, cancellationToken)));
        if (room <= 0)
        {
            return new RecoveryTestResult(false, $"the room left on system {scope.SystemId} is taken by jobs released earlier, on their way to submission");
        }

        return room == SubmissionLimits.Unlimited
            ? new RecoveryTestResult(true, $"system {scope.SystemId} no longer limits the jobs of {scope.Owner}")
            : new RecoveryTestResult(true, $"system {scope.SystemId} has room for {room} more job(s) of {scope.Owner}", room);
    }

    /// <summary>Connects to the system over SSH (its login, else its storage) and runs <c>true</c>.</summary>
    private async Task<RecoveryTestResult> SshAsync(string tenantId, string systemId, CancellationToken cancellationToken)
    {
        var system = await catalog.FindSystemAsync(tenantId, systemId, cancellationToken);
        if (system is null)
        {
            return new RecoveryTestResult(false, $"system {systemId} does not exist");
        }

        SshEndpoint endpoint;
        if (string.Equals(system.Login?.Protocol, "SSH", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = SshEndpoint.ForLogin(system);
        }
        else if (system.Storage.Protocol is { } protocol && (protocol.Equals("SFTP", StringComparison.OrdinalIgnoreCase) || protocol.Equals("SSH", StringComparison.OrdinalIgnoreCase)))
        {
            endpoint = SshEndpoint.ForStorage(system);
        }
        else
        {
            return new RecoveryTestResult(true, $"system {systemId} is not reached over SSH");
        }

        await using var lease = await pool.LeaseAsync(endpoint, cancellationToken);
        var result = await lease.RunAsync("true", cancellationToken);
        return result.Succeeded
            ? new RecoveryTestResult(true, $"SSH to {endpoint.Host}:{endpoint.Port} as {endpoint.Username} works")
            : new RecoveryTestResult(false, $"SSH to {endpoint.Host}:{endpoint.Port} answered exit code {result.ExitCode}");
    }
}
