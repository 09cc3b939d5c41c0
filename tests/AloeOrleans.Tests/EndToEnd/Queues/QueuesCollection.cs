using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Queues;

[CollectionDefinition(Name)]
public sealed class QueuesCollection : ICollectionFixture<QueuesServiceFixture>
{
    public const string Name = "tenant queues";
}
