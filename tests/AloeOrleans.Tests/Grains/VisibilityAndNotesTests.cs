using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// Hide, unhide and history notes through the job grain on rows its grain never held (an ended job whose activation is
/// long gone), and the resubmission's insert: its events written once, in order, with the new row.
/// </summary>
[Collection(GrainTestCollection.Name)]
public sealed class VisibilityAndNotesTests(PostgresDatabaseFixture database)
    : GrainSiloTest(database), IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Hide_and_unhide_work_on_an_ended_job_whose_grain_never_ran_and_asking_twice_writes_nothing()
    {
        var uuid = await InsertAsync(JobStatus.FINISHED);

        var hidden = await Silo.Job(uuid).HideAsync("bob");
        var again = await Silo.Job(uuid).HideAsync("bob");

        Assert.Equal((ActionOutcome.Done, false), (hidden.Outcome, hidden.Job!.Visible));
        Assert.Equal(ActionOutcome.Done, again.Outcome);
        var stored = await Probe.RequireAsync(uuid);
        Assert.Equal((false, JobStatus.FINISHED, 1), (stored.Visible, stored.Status, stored.Version));
        Assert.Null(await Probe.Queries.FindVisibleAsync(stored.TenantId, uuid, CancellationToken.None));
        Assert.NotNull(await Probe.Queries.FindHiddenOrVisibleAsync(stored.TenantId, uuid, CancellationToken.None));

        var unhidden = await Silo.Job(uuid).UnhideAsync("carol");
        await Silo.Job(uuid).UnhideAsync("carol");

        Assert.Equal((ActionOutcome.Done, true), (unhidden.Outcome, unhidden.Job!.Visible));
        Assert.True((await Probe.RequireAsync(uuid)).Visible);
        var history = await Probe.HistoryAsync(uuid);
        Assert.Equal(["FINISHED", "HIDDEN", "UNHIDDEN"], history.Select(e => e.Status));
        Assert.Equal(["alice", "bob", "carol"], history.Select(e => e.CreatedBy));
    }

    [Fact]
    public async Task Hide_of_a_job_that_has_not_ended_is_refused_naming_its_state_and_changes_nothing()
    {
        // PAUSED: an active job that stays where it is once its grain loads it (a STAGED one would go on to STAGING_JOB and
        // change its row by itself, whatever the hide did).
        var uuid = await InsertAsync(JobStatus.PAUSED, suspendedFrom: JobStatus.STAGED);

        var refused = await Silo.Job(uuid).HideAsync("bob");

        Assert.Equal(ActionOutcome.NotAllowedInState, refused.Outcome);
        Assert.Contains("is PAUSED", refused.Message, StringComparison.Ordinal);
        var stored = await Probe.RequireAsync(uuid);
        Assert.Equal((true, 0), (stored.Visible, stored.Version));
        Assert.Single(await Probe.HistoryAsync(uuid));
    }

    [Fact]
    public async Task A_history_note_is_appended_after_the_jobs_events_and_an_unknown_kind_or_job_writes_nothing()
    {
        var uuid = await InsertAsync(JobStatus.FAILED);

        var noted = await Silo.Job(uuid).AddHistoryNoteAsync(new JobHistoryNote(JobHistoryKinds.PermissionGrant, "READ granted to bob by alice.", "alice"));
        await Assert.ThrowsAsync<ArgumentException>(() => Silo.Job(uuid).AddHistoryNoteAsync(new JobHistoryNote("FINISHED", "not a note", "alice")));
        var missing = await Silo.Job(Guid.NewGuid()).AddHistoryNoteAsync(new JobHistoryNote(JobHistoryKinds.PermissionRevoke, "x", "alice"));

        Assert.Equal(ActionOutcome.Done, noted.Outcome);
        Assert.Equal(ActionOutcome.NotFound, missing.Outcome);
        var last = (await Probe.HistoryAsync(uuid))[^1];
        Assert.Equal(("PERMISSION_GRANT", "alice", "READ granted to bob by alice."), (last.Status, last.CreatedBy, last.Description));
        Assert.Equal(2, (await Probe.HistoryAsync(uuid)).Count);
    }

    [Fact]
    public async Task A_resubmissions_insert_writes_its_events_once_and_in_order()
    {
        var original = await InsertAsync(JobStatus.FINISHED);
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var submission = await Silo.SubmissionAsync("wc-1.0", queue);
        var key = $"resubmit:{original}:k";
        var events = new JobResubmissionEvents(original,
            new JobEventWrite(JobHistoryKinds.ResubmittedFrom, $"Job resubmitted from {original} by alice.", "alice"),
            new JobEventWrite(JobHistoryKinds.ResubmittedAs, "Job resubmitted as the new one by alice.", "alice"));
        var first = Guid.NewGuid();
        var retry = Guid.NewGuid();

        var created = await Probe.Store.InsertResubmissionAsync(JobRecords.Accepted(first, submission) with { IdempotencyKey = key },
            new JobEventWrite("ACCEPTED", "accepted", "alice"), events, CancellationToken.None);
        var replayed = await Probe.Store.InsertResubmissionAsync(JobRecords.Accepted(retry, submission) with { IdempotencyKey = key },
            new JobEventWrite("ACCEPTED", "accepted", "alice"), events, CancellationToken.None);

        Assert.True(created.Created);
        Assert.Equal((false, first), (replayed.Created, replayed.Job.Uuid));
        Assert.Equal(["ACCEPTED", "RESUBMITTED_FROM"], (await Probe.HistoryAsync(first)).Select(e => e.Status));
        Assert.Empty(await Probe.HistoryAsync(retry));
        Assert.Equal(["FINISHED", "RESUBMITTED_AS"], (await Probe.HistoryAsync(original)).Select(e => e.Status));
    }

    /// <summary>A job row in <paramref name="status"/> written by the store alone, as an ended job's row stays after its grain is gone.</summary>
    private async Task<Guid> InsertAsync(JobStatus status, JobStatus? suspendedFrom = null)
    {
        var queue = await Silo.CreateQueueAsync(numWorkers: 1, maxMessages: 5);
        var uuid = Guid.NewGuid();
        var record = JobRecords.Accepted(uuid, await Silo.SubmissionAsync("wc-1.0", queue)) with { Status = status, SuspendedFrom = suspendedFrom };
        await Probe.Store.InsertAcceptedAsync(record, new JobEventWrite(status.ToString(), "written by the test", "alice"), CancellationToken.None);
        return uuid;
    }
}
