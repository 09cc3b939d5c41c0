using System.Globalization;

namespace AloeOrleans.Tests.EndToEnd.Actions;

/// <summary>
/// The service of the hide, unhide and resubmit tests: <see cref="E2eCatalog"/>, and tenant queues of
/// <see cref="NumWorkers"/> workers, so one user holds <see cref="WorkersPerUser"/> at once and a test can hold a job in
/// PENDING behind a sleeper; plus an input file server.
/// </summary>
public sealed class ActionsServiceFixture : ServiceWithFilesFixture
{
    public const int NumWorkers = 2;

    /// <summary>Half of <see cref="NumWorkers"/>: the default share of one user.</summary>
    public const int WorkersPerUser = 1;

    protected override Task<AloeServiceProcess> StartServiceAsync() =>
        AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: new Dictionary<string, string>
        {
            ["Aloe__Queues__NumWorkers"] = NumWorkers.ToString(CultureInfo.InvariantCulture),
        });
}
