using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>The end-to-end classes that share one running service (<see cref="SharedServiceFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<SharedServiceFixture>
{
    public const string Name = "EndToEnd shared service";
}
