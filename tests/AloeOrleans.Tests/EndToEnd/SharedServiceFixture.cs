using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>One service process (default catalog plus <see cref="E2eCatalog"/>) and one input file server, shared.</summary>
public sealed class SharedServiceFixture : IAsyncLifetime
{
    public AloeServiceProcess Service { get; private set; } = null!;

    public TestHttpFileServer Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Files = await TestHttpFileServer.StartAsync();
        Service = await AloeServiceProcess.StartAsync(E2eCatalog.Write);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Service is not null)
            {
                await Service.DisposeAsync();
            }
        }
        finally
        {
            if (Files is not null)
            {
                await Files.DisposeAsync();
            }
        }
    }
}
