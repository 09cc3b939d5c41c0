using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// The group commit of job writes (docs/lifecycle.md, "Group commit") on a real PostgreSQL: writes that wait together
/// share one transaction, each gets its own answer, a refused statement fails only its own write, and a stale writer
/// in a batch is told so while the others' writes stay.
/// </summary>
[NeedsServers]
public sealed class GroupCommitTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _dataSource.DisposeAsync().AsTask();

    [Fact]
    public async Task Writes_that_wait_together_share_one_transaction_and_each_gets_its_own_answer()
    {
        // One batch in flight at a time: the first write goes alone, the 59 behind it wait and go together.
        var commit = new GroupCommit(_dataSource, maxBatch: 256, maxInFlight: 1);
        var writes = Enumerable.Range(1, 60)
            .Select(n => commit.ExecuteScalarAsync("SELECT @n::text || ' ' || txid_current()::text", p => p.Add(new NpgsqlParameter<int>("n", n))))
            .ToList();
        var answers = (await Task.WhenAll(writes)).Cast<string>().Select(answer => answer.Split(' ')).ToList();

        Assert.Equal(Enumerable.Range(1, 60).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), answers.Select(answer => answer[0]));
        var transactions = answers.Select(answer => answer[1]).Distinct().Count();
        Assert.InRange(transactions, 1, 3);
    }

    [Fact]
    public async Task A_statement_the_server_refuses_fails_only_its_own_write()
    {
        var commit = new GroupCommit(_dataSource, maxBatch: 256, maxInFlight: 1);
        var writes = Enumerable.Range(0, 30)
            .Select(n => commit.ExecuteScalarAsync("SELECT 100 / @d", p => p.Add(new NpgsqlParameter<int>("d", n == 17 ? 0 : 1))))
            .ToList();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => writes[17]);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, refused.SqlState);
        foreach (var write in writes.Where((_, index) => index != 17))
        {
            Assert.Equal(100, await write);
        }
    }

    [Fact]
    public async Task Concurrent_job_writes_all_commit_and_a_stale_writer_among_them_alone_is_refused()
    {
        var store = new PostgresJobStore(_dataSource, TimeProvider.System);
        var accepted = await Task.WhenAll(Enumerable.Range(0, 40).Select(async n =>
        {
            var uuid = Guid.CreateVersion7();
            var submission = new JobSubmission
            {
                TenantId = "dev", TenantQueue = "aloe.jobq.dev.submit.DefaultQueue", Owner = "alice",
                Spec = new JobSpec { Name = $"grouped-{n}", SystemId = "local", AppId = "wc-1.0", AppUuid = Guid.NewGuid().ToString() },
            };
            var (job, created) = await store.InsertAcceptedAsync(JobRecords.Accepted(uuid, submission), new("ACCEPTED", "accepted", "alice"), CancellationToken.None);
            Assert.True(created);
            return job;
        }));

        // Forty writers at once; the seventh holds a version that is already gone.
        var stale = accepted[7];
        await store.UpdateAsync(stale with { LastStatusMessage = "first" }, stale.Version, null, CancellationToken.None);
        var updates = accepted.Select(job => store.UpdateAsync(job with { Status = JobStatus.PENDING, LastStatusMessage = "pending" }, job.Version,
            new JobEventWrite("PENDING", "to pending", "aloe-jobs"), CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<JobVersionConflictException>(() => updates[7]);
        await using var probe = new JobProbe(database.ConnectionString);
        for (var i = 0; i < accepted.Length; i++)
        {
            var row = await probe.RequireAsync(accepted[i].Uuid);
            var history = (await probe.HistoryAsync(accepted[i].Uuid)).Select(e => e.Status).ToList();
            if (i == 7)
            {
                Assert.Equal((JobStatus.ACCEPTED, "first"), (row.Status, row.LastStatusMessage));
                Assert.Equal(["ACCEPTED"], history);
            }
            else
            {
                Assert.Equal((await updates[i]).Version, row.Version);
                Assert.Equal(JobStatus.PENDING, row.Status);
                Assert.Equal(["ACCEPTED", "PENDING"], history);
            }
        }
    }
}
