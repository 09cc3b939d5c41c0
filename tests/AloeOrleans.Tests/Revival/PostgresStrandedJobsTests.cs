using AloeOrleans.Grains.Revival;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Revival;

/// <summary>The revival sweep's reads on real PostgreSQL: which jobs are candidates, and which grains hold a reminder.</summary>
[NeedsServers]
public sealed class PostgresStrandedJobsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Cutoff = DateTimeOffset.UtcNow.AddMinutes(-10);
    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Accepted_jobs_older_than_the_cutoff_are_listed_in_id_order_page_by_page()
    {
        var old = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            old.Add(await InsertAsync("ACCEPTED", Cutoff.AddMinutes(-1)));
        }

        var recent = await InsertAsync("ACCEPTED", Cutoff.AddMinutes(1));
        var pending = await InsertAsync("PENDING", Cutoff.AddMinutes(-1));
        var jobs = new PostgresStrandedJobs(_dataSource);

        var first = await jobs.ListAcceptedAsync(Cutoff, 0, 2, CancellationToken.None);
        var rest = await jobs.ListAcceptedAsync(Cutoff, first[^1].Id, 1000, CancellationToken.None);
        var listed = first.Concat(rest).Select(job => job.Uuid).ToList();

        Assert.Equal(2, first.Count);
        Assert.Equal(old, listed.Where(old.Contains));
        Assert.DoesNotContain(recent, listed);
        Assert.DoesNotContain(pending, listed);
    }

    [Fact]
    public async Task Stale_jobs_are_the_unfinished_ones_that_wait_for_nobody()
    {
        var stale = new Dictionary<string, Guid>();
        foreach (var status in new[] { "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "SUBMITTING", "QUEUED", "RUNNING", "ARCHIVING" })
        {
            stale[status] = await InsertAsync(status, Cutoff.AddMinutes(-1));
        }

        var left = new List<Guid>();
        foreach (var status in new[] { "ACCEPTED", "BLOCKED", "PAUSED", "FINISHED", "FAILED", "STOPPED" })
        {
            left.Add(await InsertAsync(status, Cutoff.AddMinutes(-1)));
        }

        left.Add(await InsertAsync("RUNNING", Cutoff.AddMinutes(1)));

        var listed = (await new PostgresStrandedJobs(_dataSource).ListStaleAsync(Cutoff, 0, 10_000, CancellationToken.None))
            .Select(job => job.Uuid).ToHashSet();

        Assert.All(stale, job => Assert.True(listed.Contains(job.Value), $"{job.Key} is not listed"));
        Assert.All(left, uuid => Assert.DoesNotContain(uuid, listed));
    }

    [Fact]
    public async Task A_start_resumes_interrupted_jobs_and_waiting_jobs_separately_and_no_ended_job()
    {
        var interrupted = new List<Guid>();
        foreach (var status in new[] { "ACCEPTED", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "CLEANING_UP", "ARCHIVING" })
        {
            interrupted.Add(await InsertAsync(status, Cutoff.AddMinutes(1)));
        }

        var waiting = new List<Guid>();
        foreach (var status in new[] { "PENDING", "QUEUED", "RUNNING", "BLOCKED", "PAUSED" })
        {
            waiting.Add(await InsertAsync(status, Cutoff.AddMinutes(1)));
        }

        var ended = new List<Guid>();
        foreach (var status in new[] { "FINISHED", "FAILED", "STOPPED" })
        {
            ended.Add(await InsertAsync(status, Cutoff.AddMinutes(1)));
        }

        var jobs = new PostgresStrandedJobs(_dataSource);
        var first = await jobs.ListInterruptedAsync(0, 3, CancellationToken.None);
        var listedInterrupted = first.Concat(await jobs.ListInterruptedAsync(first[^1].Id, 10_000, CancellationToken.None)).Select(job => job.Uuid).ToHashSet();
        var listedWaiting = (await jobs.ListWaitingAsync(0, 10_000, CancellationToken.None)).Select(job => job.Uuid).ToHashSet();

        Assert.Equal(3, first.Count);
        Assert.All(interrupted, uuid => Assert.Contains(uuid, listedInterrupted));
        Assert.All(waiting, uuid => Assert.Contains(uuid, listedWaiting));
        Assert.All(waiting, uuid => Assert.DoesNotContain(uuid, listedInterrupted));
        Assert.All(interrupted, uuid => Assert.DoesNotContain(uuid, listedWaiting));
        Assert.All(ended, uuid => Assert.False(listedInterrupted.Contains(uuid) || listedWaiting.Contains(uuid)));
    }

    [Fact]
    public async Task Only_grains_with_a_reminder_of_this_service_are_found()
    {
        var service = $"svc-{Guid.NewGuid():N}";
        var (withReminder, without, otherService) = ($"job/{Guid.NewGuid():N}", $"job/{Guid.NewGuid():N}", $"job/{Guid.NewGuid():N}");
        await InsertReminderAsync(service, withReminder);
        await InsertReminderAsync($"{service}-other", otherService);

        var found = await new PostgresStrandedJobs(_dataSource).WithRemindersAsync(service, [withReminder, without, otherService], CancellationToken.None);

        Assert.Equal([withReminder], found);
        Assert.Empty(await new PostgresStrandedJobs(_dataSource).WithRemindersAsync(service, [], CancellationToken.None));
    }

    private async Task<Guid> InsertAsync(string status, DateTimeOffset lastUpdated)
    {
        var uuid = Guid.NewGuid();
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, last_updated, owner, system_id, app_id, app_uuid, " +
            "archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token) " +
            "VALUES ($1, 'stranded', 't', 'q', $2, $3, $3, 'alice', 'local', 'app-1.0', 'u', false, 1, 1, 1, 1, '{}', '{}', 't')");
        command.Parameters.Add(new() { Value = uuid });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = lastUpdated });
        await command.ExecuteNonQueryAsync();
        return uuid;
    }

    private async Task InsertReminderAsync(string serviceId, string grainId)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version) " +
            "VALUES ($1, $2, 'resume', now(), 60000, 0, 0)");
        command.Parameters.Add(new() { Value = serviceId });
        command.Parameters.Add(new() { Value = grainId });
        await command.ExecuteNonQueryAsync();
    }
}
