using System.Globalization;

namespace AloeOrleans.Tests.EndToEnd.Stranding;

/// <summary>
/// One service (with <see cref="StrandingSeed"/>) for the tests of jobs that must never be stranded: a grain call
/// timeout of <see cref="GrainCallTimeout"/> (so a test can make an accept outlive it), a revival sweep every second,
/// and a catalog cache of one second (so a test's change to the catalog tables is seen at once).
/// </summary>
public sealed class StrandingServiceFixture : ServiceWithFilesFixture
{
    public static readonly TimeSpan GrainCallTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan CatalogCacheDuration = TimeSpan.FromSeconds(1);

    protected override Task<AloeServiceProcess> StartServiceAsync() =>
        AloeServiceProcess.StartAsync(StrandingSeed.Write, environment: new Dictionary<string, string>
        {
            ["Orleans__GrainCallTimeout"] = GrainCallTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Aloe__JobRevival__Interval"] = "00:00:01",
            ["Aloe__JobRevival__AcceptedAge"] = "00:00:02",
            ["Aloe__JobRevival__StaleAfter"] = "00:00:05",
            ["Aloe__Persistence__CatalogCacheDuration"] = CatalogCacheDuration.ToString("c", CultureInfo.InvariantCulture),
        });
}
