namespace AloeOrleans.Tests.EndToEnd;

/// <summary>One service process (default catalog plus <see cref="E2eCatalog"/>) and one input file server, shared.</summary>
public sealed class SharedServiceFixture : ServiceWithFilesFixture
{
    protected override Task<AloeServiceProcess> StartServiceAsync() => AloeServiceProcess.StartAsync(E2eCatalog.Write);
}
