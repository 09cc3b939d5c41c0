using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>The limits test classes, which share one service (<see cref="LimitsServiceFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsServiceFixture>
{
    public const string Name = "Limits shared service";
}
