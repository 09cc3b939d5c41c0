using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>The end-to-end classes that share one <see cref="StrandingServiceFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class StrandingCollection : ICollectionFixture<StrandingServiceFixture>
{
    public const string Name = "EndToEnd stranding service";
}
