using System.Collections.Concurrent;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Remote;
using AloeOrleans.Grains.Execution.Ssh;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// How the service reaches a registered system: its files (LOCAL on this host, SFTP through the shared connection
/// pool) and, for an execution system, its runner (FORK here, FORK over SSH, Slurm over SSH). Remote runners are kept
/// per system and credential, so their command counters describe one system.
/// </summary>
public sealed class SystemAccess(
    SystemRoots roots,
    SshConnectionPool pool,
    LocalForkRunner localRunner,
    IOptions<ExecutionOptions> executionOptions,
    IOptions<Staging.StagingOptions> stagingOptions,
    TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, IJobRunner> remoteRunners = new(StringComparer.Ordinal);

    /// <summary>The files of <paramref name="system"/> of <paramref name="tenantId"/> (a LOCAL root lies in the tenant's folder).</summary>
    /// <exception cref="NotSupportedException">
    /// The storage protocol has no transfer client in this installation, or the system is on this host but not the operator's.
    /// </exception>
    /// <exception cref="SshEndpointException">The SFTP settings are incomplete.</exception>
    public ISystemFiles FilesOf(string tenantId, SystemDefinition system)
    {
        RequireOperatorIfOnThisHost(system);
        return system.Storage.Protocol.ToUpperInvariant() switch
        {
            "LOCAL" => new LocalSystemFiles(system.Id, roots.StorageRoot(tenantId, system), stagingOptions.Value.BufferSize),
            "SFTP" => new SftpSystemFiles(pool, SshEndpoint.ForStorage(system), system.Storage.RootDir),
            var protocol => throw new NotSupportedException(
                $"System '{system.Id}' stores files over {protocol}; this installation reaches storage over LOCAL and SFTP only."),
        };
    }

    /// <exception cref="NotSupportedException">
    /// The system is not an execution system this service can drive, or it is on this host but not the operator's.
    /// </exception>
    public IJobRunner RunnerOf(SystemDefinition system)
    {
        RequireOperatorIfOnThisHost(system);
        if (system.Type != SystemType.EXECUTION)
        {
            throw new NotSupportedException($"System '{system.Id}' is a {system.Type} system; jobs run on EXECUTION systems only.");
        }

        var login = system.Login?.Protocol.ToUpperInvariant() ?? "LOCAL";
        return (login, system.Scheduler) switch
        {
            ("LOCAL", SchedulerKind.FORK) => localRunner,
            ("SSH", _) => RemoteRunner(system),
            _ => throw new NotSupportedException(
                $"System '{system.Id}' uses scheduler {system.Scheduler} with login protocol {login}: a batch scheduler is reached over SSH (it may be ssh to localhost)."),
        };
    }

    /// <summary>
    /// A system with LOCAL login (an execution system without login counts as LOCAL) or LOCAL storage runs on this host
    /// as the service's user: only one from the operator's seed catalog is used. One a tenant admin registered through
    /// the API before that rule existed is refused here, so it is neither run on, read from nor written to.
    /// </summary>
    private static void RequireOperatorIfOnThisHost(SystemDefinition system)
    {
        var localLogin = system.Type == SystemType.EXECUTION && string.Equals(system.Login?.Protocol ?? "LOCAL", "LOCAL", StringComparison.OrdinalIgnoreCase);
        var localStorage = string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase);
        if ((localLogin || localStorage) && !system.OperatorDefined)
        {
            throw new NotSupportedException(
                $"System '{system.Id}' uses LOCAL {(localLogin ? "login" : "storage")} (the service's own host) but was not defined by the operator: " +
                "LOCAL systems come only from the operator's seed catalog files, so the service does not use it. A tenant administrator " +
                "should delete it and register an SSH/SFTP system instead.");
        }
    }

    private IJobRunner RemoteRunner(SystemDefinition system)
    {
        var endpoint = SshEndpoint.ForLogin(system);
        return remoteRunners.GetOrAdd($"{system.Scheduler}|{endpoint.SystemId}|{endpoint.PoolKey}", _ => system.Scheduler switch
        {
            SchedulerKind.SLURM => new SlurmRunner(pool, endpoint, executionOptions.Value, timeProvider),
            _ => new SshForkRunner(pool, endpoint, executionOptions.Value, timeProvider),
        });
    }
}
