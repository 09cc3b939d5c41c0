using System.Globalization;

namespace AloeOrleans.Tests.EndToEnd.Pause;

/// <summary>
/// The service of the pause tests on this host (<see cref="PauseSeed"/>, and tenant queues of <see cref="NumWorkers"/>
/// workers, so one user holds <see cref="WorkersPerUser"/> at once and a test can make a job wait for a slot), plus an
/// input file server. Its own, since a test restarts it.
/// </summary>
public sealed class PauseServiceFixture : ServiceWithFilesFixture
{
    public const int NumWorkers = 4;

    /// <summary>Half of <see cref="NumWorkers"/>: the default share of one user.</summary>
    public const int WorkersPerUser = 2;

    protected override Task<AloeServiceProcess> StartServiceAsync() =>
        AloeServiceProcess.StartAsync(PauseSeed.Write, environment: new Dictionary<string, string>
        {
            ["Aloe__Queues__NumWorkers"] = NumWorkers.ToString(CultureInfo.InvariantCulture),
        });
}
