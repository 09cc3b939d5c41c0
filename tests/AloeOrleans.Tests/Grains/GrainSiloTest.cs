using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// The life of a grain test class: one in-process silo on the fixture's database (with the class's settings) for
/// each test, and a probe that reads that database.
/// </summary>
[NeedsServers]
public abstract class GrainSiloTest(PostgresDatabaseFixture database, GrainSiloSettings? settings = null) : IAsyncLifetime
{
    protected JobProbe Probe { get; } = new(database.ConnectionString);

    protected GrainTestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await GrainTestSilo.StartAsync(database.ConnectionString, settings);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Probe.DisposeAsync();
    }
}
