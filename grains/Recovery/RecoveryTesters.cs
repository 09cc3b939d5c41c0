using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
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
}
