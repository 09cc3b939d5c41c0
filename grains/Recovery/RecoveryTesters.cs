using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Quotas;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Runs a recovery group's test: one test for all the group's jobs, within <see cref="RecoveryOptions.TestTimeout"/>.
/// The catalog is read at each test, so a credential or system fixed through <c>/systems/v2</c> is what the next test
/// uses. A test that cannot run (the system is gone, the host refuses) has not cleared; its note says why.
/// </summary>
public sealed class RecoveryTesters(
    ICatalog catalog,
    SshTester ssh,
    SchedulerTester scheduler,
    InputServerTester inputServer,
    IQuotaStore quotas,
    IOptions<RecoveryOptions> options)
{
    public async Task<RecoveryTestResult> TestAsync(RecoveryGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await ThreadPoolHop.Now;
        var timeout = options.Value.TestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var parameters = group.TesterParameters;
        try
        {
            return group.Tester switch
            {
                RecoveryTester.Ssh => await ssh.TestAsync(group.TenantId, parameters, deadline.Token),
                RecoveryTester.Scheduler => await scheduler.TestAsync(group.TenantId, parameters, deadline.Token),
                RecoveryTester.InputServer => await inputServer.TestAsync(parameters, deadline.Token),
                RecoveryTester.System => await catalog.FindSystemAsync(group.TenantId, parameters, deadline.Token) is null
                    ? new RecoveryTestResult(false, $"system {parameters} does not exist")
                    : new RecoveryTestResult(true, $"system {parameters} exists"),
                RecoveryTester.App => await catalog.FindAppAsync(group.TenantId, parameters, deadline.Token) is null
                    ? new RecoveryTestResult(false, $"app {parameters} does not exist")
                    : new RecoveryTestResult(true, $"app {parameters} exists"),
                RecoveryTester.Quota => await QuotaAsync(QuotaTestParameters.Scope(group.TenantId, parameters), deadline.Token),
                _ => new RecoveryTestResult(true, "the wait is over; the job tries again"),
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new RecoveryTestResult(false, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the {group.Tester} test did not finish within {timeout.TotalSeconds:0.###} s (Aloe:Recovery:TestTimeout)"));
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
}
