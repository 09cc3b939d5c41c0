using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// Tests that stop the shared test Slurm's controller: xUnit runs a collection that disables parallelization on its
/// own, after the parallel ones, so no other test's Slurm job meets the outage.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmOutageCollection
{
    public const string Name = "Slurm controller outage (alone)";
}
