using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Tests.Infrastructure;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>PostgresJobStore's optimistic version check: a stale writer changes nothing, not even the history.</summary>
[NeedsServers]
public sealed class JobStoreVersionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly JobProbe _probe = new(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _probe.DisposeAsync().AsTask();

    [Fact]
    public async Task An_update_with_a_stale_version_throws_a_conflict_and_writes_neither_row_nor_event()
    {
        var uuid = Guid.NewGuid();
        var submission = new JobSubmission
        {
            TenantId = "dev", TenantQueue = "aloe.jobq.dev.submit.DefaultQueue", Owner = "alice",
            Spec = new JobSpec { Name = "versioned", SystemId = "local", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString() },
        };
        var (_, created) = await _probe.Store.InsertAcceptedAsync(JobRecords.Accepted(uuid, submission), new("ACCEPTED", "accepted", "alice"), CancellationToken.None);
        Assert.True(created);
        var stored = await _probe.RequireAsync(uuid);

        var pending = await _probe.Store.UpdateAsync(stored with { Status = JobStatus.PENDING, LastStatusMessage = "pending" }, stored.Version,
            new JobEventWrite("PENDING", "to pending", "aloe-jobs"), CancellationToken.None);
        Assert.Equal(stored.Version + 1, pending.Version);
        var eventsBefore = await _probe.HistoryAsync(uuid);

        // A second writer still holding the first version.
        var conflict = await Assert.ThrowsAsync<JobVersionConflictException>(() => _probe.Store.UpdateAsync(
            stored with { Status = JobStatus.FAILED, LastStatusMessage = "stale writer" }, stored.Version,
            new JobEventWrite("FAILED", "stale", "aloe-jobs"), CancellationToken.None));
        Assert.Equal((uuid, stored.Version), (conflict.Uuid, conflict.ExpectedVersion));
        // Without an event too.
        await Assert.ThrowsAsync<JobVersionConflictException>(() => _probe.Store.UpdateAsync(
            stored with { LastStatusMessage = "stale writer" }, stored.Version, null, CancellationToken.None));

        var after = await _probe.RequireAsync(uuid);
        Assert.Equal((JobStatus.PENDING, "pending", pending.Version), (after.Status, after.LastStatusMessage, after.Version));
        Assert.Equal(eventsBefore.Select(e => e.Id), (await _probe.HistoryAsync(uuid)).Select(e => e.Id));
        Assert.Equal(["ACCEPTED", "PENDING"], eventsBefore.Select(e => e.Status));
    }

    [Fact]
    public async Task A_stored_job_reads_back_with_its_whole_specification_and_a_written_one_keeps_it()
    {
        var uuid = Guid.NewGuid();
        var spec = new JobSpec
        {
            Name = "whole", SystemId = "hpc", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString(),
            Inputs = """{"inputFile":["http://example.org/a.txt"]}""", Parameters = """{"mode":"words"}""",
            Notifications = """[{"event":"FINISHED","url":"https://example.org/hook","persistent":false}]""",
            Resources = new JobResourceRequest { NodeCount = 2, ProcessorsPerNode = 4, MemoryPerNodeGb = 1.5, MaxHours = 0.25, RemoteQueue = "normal" },
            Archive = new JobArchiveRequest { Enabled = true, SystemId = "store", Path = "alice/out" },
        };
        var submission = new JobSubmission { TenantId = "dev", TenantQueue = "aloe.jobq.dev.submit.DefaultQueue", Owner = "alice", Spec = spec };
        await _probe.Store.InsertAcceptedAsync(JobRecords.Accepted(uuid, submission), new("ACCEPTED", "accepted", "alice"), CancellationToken.None);

        var stored = await _probe.RequireAsync(uuid);
        AssertSameSpec(spec, stored.Spec);

        var written = await _probe.Store.UpdateAsync(stored with { Status = JobStatus.PENDING }, stored.Version, null, CancellationToken.None);
        AssertSameSpec(spec, (await _probe.RequireAsync(uuid)).Spec);
        Assert.Equal(stored.Spec, written.Spec);
    }

    /// <summary>The JSON columns are jsonb: PostgreSQL may reorder their keys, so they are compared parsed.</summary>
    private static void AssertSameSpec(JobSpec expected, JobSpec actual)
    {
        Assert.Equal(expected with { Inputs = "", Parameters = "", Notifications = "" }, actual with { Inputs = "", Parameters = "", Notifications = "" });
        foreach (var (want, got) in new[] { (expected.Inputs, actual.Inputs), (expected.Parameters, actual.Parameters), (expected.Notifications, actual.Notifications) })
        {
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(want), System.Text.Json.Nodes.JsonNode.Parse(got)), $"{want} ≠ {got}");
        }
    }
}
