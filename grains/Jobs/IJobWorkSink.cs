using AloeOrleans.Grains.Jobs.Lifecycle;

namespace AloeOrleans.Grains.Jobs;

/// <summary>
/// How work the job grain ran outside its turn reports back to it: as an ordinary call, so that the result is decided
/// and written in a turn like every other event. Only the job grain calls it, on itself.
/// </summary>
[Alias("aloe.IJobWorkSink")]
public interface IJobWorkSink : IGrainWithGuidKey
{
    /// <summary><paramref name="outcome"/> of the work started as run <paramref name="run"/> of the current activation.</summary>
    [Alias("WorkEnded")]
    [Orleans.Concurrency.OneWay]
    Task WorkEndedAsync(int run, WorkEnded outcome);
}
