using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>One service with <see cref="LocalJobSeed"/> and a file-size limit of 1 MiB for LOCAL jobs, plus an input file server.</summary>
public sealed class LocalJobServiceFixture : IAsyncLifetime
{
    public const int MaxFileSizeMb = 1;

    public AloeServiceProcess Service { get; private set; } = null!;

    public TestHttpFileServer Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Files = await TestHttpFileServer.StartAsync();
        Service = await AloeServiceProcess.StartAsync(LocalJobSeed.Write, environment: new Dictionary<string, string>
        {
            ["Aloe__Execution__LocalMaxFileSizeMb"] = MaxFileSizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
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
