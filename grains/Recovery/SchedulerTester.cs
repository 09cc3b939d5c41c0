using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Remote;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Whether the batch scheduler of an execution system answers (<see cref="RecoveryTester.Scheduler"/>): on Slurm,
/// <c>scontrol ping</c> over the system's SSH login finds a controller up (it needs slurmctld, lists nothing, and returns
/// at once when the controller's port is closed). A FORK system over SSH has no scheduler but its login, which runs
/// <c>true</c>; a system on this host has nothing to wait for. The system is read from the catalog at each test.
/// </summary>
public sealed class SchedulerTester(ICatalog catalog, SystemAccess access, SshTester ssh)
{
    public async Task<RecoveryTestResult> TestAsync(string tenantId, string systemId, CancellationToken cancellationToken)
    {
        var system = await catalog.FindSystemAsync(tenantId, systemId, cancellationToken);
        if (system is null)
        {
            return new RecoveryTestResult(false, $"system {systemId} does not exist");
        }

        switch (access.RunnerOf(system))
        {
            case SlurmRunner slurm:
                var (answers, said) = await slurm.PingAsync(cancellationToken);
                return new RecoveryTestResult(answers, $"scontrol ping on system {systemId}: {said}");
            case LocalForkRunner:
                return new RecoveryTestResult(true, $"system {systemId} runs its jobs on this host: there is no scheduler to wait for");
            default:
                return await ssh.TestAsync(SshEndpoint.ForLogin(system), system.Storage.RootDir, cancellationToken);
        }
    }
}
