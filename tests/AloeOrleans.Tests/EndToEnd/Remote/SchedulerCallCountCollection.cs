using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// Tests that count slurmctld's RPCs (sdiag counters are machine-wide): xUnit runs a collection that disables
/// parallelization on its own, after the parallel ones, so no other test's squeue or sacct lands in the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerCallCountCollection
{
    public const string Name = "Remote scheduler call counts (alone)";
}
