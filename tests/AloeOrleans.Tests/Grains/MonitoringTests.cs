using System.Diagnostics;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>Status checks of a RUNNING job keep their schedule whatever else wakes the grain.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class MonitoringTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private readonly JobProbe _probe = new(database.ConnectionString);
    private GrainTestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await GrainTestSilo.StartAsync(database.ConnectionString, new GrainSiloSettings { LocalCheckInterval = CheckInterval });

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Resume_calls_more_frequent_than_the_check_interval_do_not_postpone_the_status_check()
    {
        // The resume reminder (period 1 min) calls ResumeAsync on a RUNNING job; with check intervals of 3 min and
        // more that must not keep pushing the next check away. Here: checks every 2 s, resumes every 250 ms.
        var queue = await _silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var uuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted,
            (await _silo.Job(uuid).AcceptAsync(await _silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: _silo.GateParameters("m")))).Outcome);
        var running = await _probe.WaitForStatusAsync(uuid, JobStatus.RUNNING);
        _silo.OpenGate("m");
        await Poll.UntilAsync(() => File.Exists(Path.Combine(running.WorkPath!, ".aloe", "exitcode")), "the app ended");

        var clock = Stopwatch.StartNew();
        JobRecord? current = null;
        while (clock.Elapsed < CheckInterval * 5)
        {
            await _silo.Job(uuid).ResumeAsync();
            current = await _probe.RequireAsync(uuid);
            if (current.Status == JobStatus.FINISHED)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(current!.Status == JobStatus.FINISHED,
            $"The ended app was not noticed within {clock.Elapsed.TotalSeconds:0.0} s (check interval {CheckInterval.TotalSeconds} s): " +
            $"{current.Status}, {current.RemoteStatusChecks} check(s).\n{await _probe.HistoryTextAsync(uuid)}");
    }
}
