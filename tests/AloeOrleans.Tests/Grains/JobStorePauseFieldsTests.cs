using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>A PAUSED job's pause fields (paused_at, paused_for, resume_requested_by) are written and read back as they were.</summary>
[NeedsServers]
public sealed class JobStorePauseFieldsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _probe.DisposeAsync().AsTask();

    [Fact]
    public async Task The_pause_fields_round_trip_and_a_new_job_has_none()
    {
        var uuid = Guid.NewGuid();
        var submission = new JobSubmission
        {
            TenantId = "dev", TenantQueue = "aloe.jobq.dev.submit.DefaultQueue", Owner = "alice",
            Spec = new JobSpec { Name = "paused", SystemId = "local", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString() },
        };
        await _probe.Store.InsertAcceptedAsync(JobRecords.Accepted(uuid, submission), new("ACCEPTED", "accepted", "alice"), CancellationToken.None);
        var stored = await _probe.RequireAsync(uuid);
        Assert.Equal(((DateTimeOffset?)null, TimeSpan.Zero, (string?)null), (stored.PausedAt, stored.PausedFor, stored.ResumeRequestedBy));

        var pausedAt = new DateTimeOffset(2026, 11, 28, 9, 30, 15, 250, TimeSpan.Zero);
        var paused = await _probe.Store.UpdateAsync(stored with
        {
            Status = JobStatus.PAUSED, SuspendedFrom = JobStatus.PENDING, PausedAt = pausedAt,
            PausedFor = TimeSpan.FromSeconds(3725.5), ResumeRequestedBy = "bob",
        }, stored.Version, new JobEventWrite("PAUSED", "paused", "alice"), CancellationToken.None);

        var read = await _probe.RequireAsync(uuid);
        Assert.Equal((pausedAt, TimeSpan.FromSeconds(3725.5), "bob"), (read.PausedAt!.Value, read.PausedFor, read.ResumeRequestedBy));

        await _probe.Store.UpdateAsync(paused with { Status = JobStatus.PENDING, SuspendedFrom = null, PausedAt = null, ResumeRequestedBy = null },
            paused.Version, new JobEventWrite("PENDING", "resumed", "bob"), CancellationToken.None);
        var resumed = await _probe.RequireAsync(uuid);
        Assert.Equal(((DateTimeOffset?)null, TimeSpan.FromSeconds(3725.5), (string?)null), (resumed.PausedAt, resumed.PausedFor, resumed.ResumeRequestedBy));
    }
}
