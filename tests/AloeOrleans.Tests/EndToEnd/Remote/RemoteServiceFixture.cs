using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// One service process (fast monitoring on the remote test systems, <see cref="RemoteServiceSettings"/>) and one
/// http file server, shared by the remote test classes. xUnit runs test classes in parallel but tests of one class
/// (or collection) one after another, so each class holds a lease on a process-wide instance instead of owning one:
/// the first class to start starts it, the last one running stops it. Tests keep apart by using their own tenant.
/// </summary>
public sealed class RemoteServiceFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AloeServiceProcess? sharedService;
    private static TestHttpFileServer? sharedFiles;
    private static int leases;

    public AloeServiceProcess Service { get; private set; } = null!;

    public TestHttpFileServer Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (sharedService is null)
            {
                sharedFiles = await TestHttpFileServer.StartAsync();
                try
                {
                    sharedService = await AloeServiceProcess.StartAsync(environment: RemoteServiceSettings.FastMonitoring());
                }
                catch
                {
                    await sharedFiles.DisposeAsync();
                    sharedFiles = null;
                    throw;
                }
            }

            leases++;
            Service = sharedService;
            Files = sharedFiles!;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (Service is null)
        {
            return;
        }

        await Gate.WaitAsync();
        try
        {
            if (--leases > 0)
            {
                return;
            }

            var (service, files) = (sharedService, sharedFiles);
            (sharedService, sharedFiles) = (null, null);
            try
            {
                if (service is not null)
                {
                    await service.DisposeAsync();
                }
            }
            finally
            {
                if (files is not null)
                {
                    await files.DisposeAsync();
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
