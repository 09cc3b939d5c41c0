using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>A job driven by its grain from acceptance to a terminal state on the local FORK system, stores on PostgreSQL.</summary>
[Collection(GrainTestCollection.Name)]
public sealed class JobLifecycleTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Accept_commits_the_accepted_row_before_returning_and_wc_runs_to_finished_with_its_output_archived()
    {
        var input = Path.Combine(Silo.StorageRoot, "data", "three-lines.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "one\ntwo\nthree\n");
        var uuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync("wc-1.0", await Silo.DefaultQueueAsync(),
            inputsJson: """{"inputFile": ["data/three-lines.txt"]}""", parametersJson: """{"mode": "lines"}""", name: "count lines");

        var result = await Silo.Job(uuid).AcceptAsync(submission);

        // Read straight from the table the moment the call returned: the row must already be committed.
        var row = await Probe.GetAsync(uuid);
        Assert.Equal(AcceptOutcome.Accepted, result.Outcome);
        Assert.NotNull(row);
        Assert.Equal(uuid, result.Job!.Uuid);
        Assert.Equal(submission.Spec.AppId, row.Spec.AppId);
        var firstEvent = (await Probe.HistoryAsync(uuid))[0];
        Assert.Equal("ACCEPTED", firstEvent.Status);

        var finished = await Probe.WaitForAsync(uuid, job => JobTransitions.IsTerminal(job.Status), "a terminal state");
        Assert.True(finished.Status == JobStatus.FINISHED, $"Ended {finished.Status}: {finished.LastStatusMessage}\n{await Probe.HistoryTextAsync(uuid)}");
        Assert.Equal(RemoteOutcome.FINISHED, finished.RemoteOutcome);
        Assert.NotNull(finished.Ended);
        Assert.NotNull(finished.RemoteStarted);
        Assert.NotNull(finished.RemoteSubmitted);

        var archive = Path.Combine(Silo.StorageRoot, JobPhases.DefaultArchivePath(finished));
        Assert.Equal("3", (await File.ReadAllTextAsync(Path.Combine(archive, "wc.txt"))).Trim());
        // The staged input is not an output of the run, so it is not archived.
        Assert.False(File.Exists(Path.Combine(archive, "three-lines.txt")), "The staged input was archived as if the run had created it.");

        var statuses = (await Probe.HistoryAsync(uuid)).Select(e => e.Status).Where(s => Enum.IsDefined(typeof(JobStatus), s)).Distinct().ToList();
        Assert.Equal(
            ["ACCEPTED", "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "RUNNING", "CLEANING_UP", "ARCHIVING", "FINISHED"],
            statuses);
    }

    [Fact]
    public async Task A_failing_app_ends_failed_with_outcome_failed_and_its_output_still_archived()
    {
        var uuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync(TestApps.FailApp, await Silo.DefaultQueueAsync(), name: "fails");

        Assert.Equal(AcceptOutcome.Accepted, (await Silo.Job(uuid).AcceptAsync(submission)).Outcome);
        var failed = await Probe.WaitForAsync(uuid, job => JobTransitions.IsTerminal(job.Status), "a terminal state");

        Assert.Equal(JobStatus.FAILED, failed.Status);
        Assert.Equal(RemoteOutcome.FAILED, failed.RemoteOutcome);
        var history = await Probe.HistoryAsync(uuid);
        Assert.Contains(history, e => e.Status == "ARCHIVING");
        var archive = Path.Combine(Silo.StorageRoot, JobPhases.DefaultArchivePath(failed));
        Assert.Equal("partial output", (await File.ReadAllTextAsync(Path.Combine(archive, $"fails-{uuid}.out"))).Trim());
        Assert.Equal("something broke", (await File.ReadAllTextAsync(Path.Combine(archive, $"fails-{uuid}.err"))).Trim());
    }

    [Fact]
    public async Task A_failing_app_with_archive_on_app_error_false_ends_failed_skip_archive_without_archiving()
    {
        var uuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync(TestApps.FailNoArchiveApp, await Silo.DefaultQueueAsync(), name: "fails-quietly");

        Assert.Equal(AcceptOutcome.Accepted, (await Silo.Job(uuid).AcceptAsync(submission)).Outcome);
        var failed = await Probe.WaitForAsync(uuid, job => JobTransitions.IsTerminal(job.Status), "a terminal state");

        Assert.Equal(JobStatus.FAILED, failed.Status);
        Assert.Equal(RemoteOutcome.FAILED_SKIP_ARCHIVE, failed.RemoteOutcome);
        Assert.DoesNotContain(await Probe.HistoryAsync(uuid), e => e.Status == "ARCHIVING");
        Assert.False(Directory.Exists(Path.Combine(Silo.StorageRoot, JobPhases.DefaultArchivePath(failed))), "The archive folder was created.");
        // The output is still in the work dir for the user to look at.
        Assert.True(File.Exists(Path.Combine(failed.WorkPath!, $"fails-quietly-{uuid}.err")));
    }

    [Fact]
    public async Task An_input_that_answers_404_fails_the_job_with_a_message_naming_the_input()
    {
        await using var server = await NotFoundHttpServer.StartAsync();
        var url = $"{server.BaseUrl}/data/missing.txt";
        var uuid = Guid.NewGuid();
        var submission = await Silo.SubmissionAsync("wc-1.0", await Silo.DefaultQueueAsync(),
            inputsJson: $$"""{"inputFile": ["{{url}}"]}""", parametersJson: """{"mode": "lines"}""");

        Assert.Equal(AcceptOutcome.Accepted, (await Silo.Job(uuid).AcceptAsync(submission)).Outcome);
        var failed = await Probe.WaitForAsync(uuid, job => JobTransitions.IsTerminal(job.Status), "a terminal state");

        Assert.Equal(JobStatus.FAILED, failed.Status);
        Assert.Contains("inputFile", failed.LastStatusMessage, StringComparison.Ordinal);
        Assert.Contains(url, failed.LastStatusMessage, StringComparison.Ordinal);
        Assert.Contains("404", failed.LastStatusMessage, StringComparison.Ordinal);
        Assert.Null(failed.RemoteJobId);
        var history = await Probe.HistoryAsync(uuid);
        Assert.Equal("STAGING_INPUTS", history[^2].Status);
        Assert.Contains("inputFile", history[^1].Description, StringComparison.Ordinal);
    }
}
