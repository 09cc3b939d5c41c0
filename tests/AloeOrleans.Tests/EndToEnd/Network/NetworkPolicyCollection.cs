using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>The network test classes, sharing one service with loopback refused (<see cref="NetworkPolicyServiceFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class NetworkPolicyCollection : ICollectionFixture<NetworkPolicyServiceFixture>
{
    public const string Name = "Network policy service";
}
