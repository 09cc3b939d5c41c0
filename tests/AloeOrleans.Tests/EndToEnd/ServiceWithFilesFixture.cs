using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>One service process and one input file server, started together and stopped together (the service first).</summary>
public abstract class ServiceWithFilesFixture : IAsyncLifetime
{
    public AloeServiceProcess Service { get; private set; } = null!;

    public TestHttpFileServer Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Files = await TestHttpFileServer.StartAsync();
        Service = await StartServiceAsync();
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

    /// <summary>The service as this fixture configures it.</summary>
    protected abstract Task<AloeServiceProcess> StartServiceAsync();
}
