using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// When the cluster declares a silo dead, the jobs whose grains lived there have lost their timers; only their
/// reminders (a minute apart) would wake them. So one survivor, the active silo with the lowest address, asks every
/// unfinished job to resume at once (<see cref="JobRecoveryStartupTask.ResumeAllAsync"/>, idempotent for jobs that
/// are fine): their grains activate on the survivors and carry on (docs/operations.md, "Losing a silo").
/// </summary>
public sealed partial class SiloLossRecovery(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IServiceProvider services,
    ILogger<SiloLossRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLossRecovery), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>The silos that died between two snapshots: active (or joining, shutting down) before, dead now.</summary>
    public static IReadOnlyList<SiloAddress> NewlyDead(ClusterMembershipSnapshot before, ClusterMembershipSnapshot now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        return now.Members.Values
            .Where(member => member.Status == SiloStatus.Dead
                && before.Members.TryGetValue(member.SiloAddress, out var earlier) && earlier.Status != SiloStatus.Dead)
            .Select(member => member.SiloAddress)
            .ToList();
    }

    /// <summary>Whether <paramref name="self"/> is the active silo that resumes the jobs: the lowest active address.</summary>
    public static bool Leads(ClusterMembershipSnapshot snapshot, SiloAddress self)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var active = snapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).ToList();
        return active.Count > 0 && active.Min() is { } lowest && lowest.Equals(self);
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var previous = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var dead = NewlyDead(previous, snapshot);
                previous = snapshot;
                if (dead.Count == 0 || !Leads(snapshot, localSilo.SiloAddress))
                {
                    continue;
                }

                LogSiloLost(string.Join(", ", dead));
                var recovery = ActivatorUtilities.CreateInstance<JobRecoveryStartupTask>(services);
                _ = Task.Run(() => recovery.ResumeAllAsync(CancellationToken.None), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo(s) {Silos} declared dead: resuming every unfinished job so theirs continue on the survivors")]
    private partial void LogSiloLost(string silos);
}
