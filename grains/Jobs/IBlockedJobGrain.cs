using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs;

/// <summary>What a recovery group tells a BLOCKED job (key: the job UUID). Both are idempotent.</summary>
[Alias("aloe.IBlockedJobGrain")]
public interface IBlockedJobGrain : IGrainWithGuidKey
{
    /// <summary>The condition cleared: the job goes back, through its tenant queue, to the status it was blocked in.</summary>
    [Alias("RecoveryCleared")]
    Task RecoveryClearedAsync();

    /// <summary>The policy gave up: the job fails, naming the condition and the time spent.</summary>
    [Alias("RecoveryGaveUp")]
    Task RecoveryGaveUpAsync(RecoveryCondition condition, TimeSpan elapsed, int attempts, string lastResult);
}
