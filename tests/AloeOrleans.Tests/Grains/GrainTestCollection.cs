using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>Grain tests run one at a time: each starts a silo and real job processes, and the machine has 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GrainTestCollection
{
    public const string Name = "Grain tests";
}
