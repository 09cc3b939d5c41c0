using System.Diagnostics;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>Status checks of a RUNNING job keep their schedule whatever else wakes the grain.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class MonitoringTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database, new GrainSiloSettings { LocalCheckInterval = CheckInterval }), IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Resume_calls_more_frequent_than_the_check_interval_do_not_postpone_the_status_check()
    {
        // The resume reminder (period 1 min) calls ResumeAsync on a RUNNING job; with check intervals of 3 min and
        // more that must not keep pushing the next check away. Here: checks every 2 s, resumes every 250 ms.
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var uuid = Guid.NewGuid();
        Assert.Equal(AcceptOutcome.Accepted,
            (await Silo.Job(uuid).AcceptAsync(await Silo.SubmissionAsync(TestApps.GateApp, queue, parametersJson: Silo.GateParameters("m")))).Outcome);
        var running = await Probe.WaitForStatusAsync(uuid, JobStatus.RUNNING);
        Silo.OpenGate("m");
        await Poll.UntilAsync(() => File.Exists(Path.Combine(running.WorkPath!, ".aloe", "exitcode")), "the app ended");

        var clock = Stopwatch.StartNew();
        JobRecord? current = null;
        while (clock.Elapsed < CheckInterval * 5)
        {
            await Silo.Job(uuid).ResumeAsync();
            current = await Probe.RequireAsync(uuid);
            if (current.Status == JobStatus.FINISHED)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(current!.Status == JobStatus.FINISHED,
            $"The ended app was not noticed within {clock.Elapsed.TotalSeconds:0.0} s (check interval {CheckInterval.TotalSeconds} s): " +
            $"{current.Status}, {current.RemoteStatusChecks} check(s).\n{await Probe.HistoryTextAsync(uuid)}");
    }
}
