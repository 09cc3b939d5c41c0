using System.Diagnostics;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Tests.Grains;

/// <summary>
/// Reads jobs straight from <c>aloe_jobs</c>/<c>aloe_job_events</c> of a test database, independent of any silo, and
/// polls for conditions with a deadline, failing with what it last saw.
/// </summary>
public sealed class JobProbe : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly NpgsqlDataSource _dataSource;

    public JobProbe(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        Store = new PostgresJobStore(_dataSource, TimeProvider.System);
        Queries = new PostgresJobQueries(_dataSource);
    }

    public PostgresJobStore Store { get; }

    public PostgresJobQueries Queries { get; }

    public Task<JobRecord?> GetAsync(Guid uuid) => Store.GetAsync(uuid, CancellationToken.None);

    public async Task<JobRecord> RequireAsync(Guid uuid) =>
        await GetAsync(uuid) ?? throw new Xunit.Sdk.XunitException($"Job {uuid} has no row in aloe_jobs.");

    /// <summary>Polls until the job's row satisfies <paramref name="condition"/>; fails naming <paramref name="what"/>, the last status and the history.</summary>
    public async Task<JobRecord> WaitForAsync(Guid uuid, Func<JobRecord, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        JobRecord? last = null;
        while (deadline.Elapsed < limit)
        {
            last = await GetAsync(uuid);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException(
            $"Job {uuid} did not reach '{what}' within {limit.TotalSeconds:0} s. Last seen: " +
            (last is null ? "no row" : $"{last.Status} ('{last.LastStatusMessage}')") + ". History:\n" + await HistoryTextAsync(uuid));
    }

    public Task<JobRecord> WaitForStatusAsync(Guid uuid, JobStatus status, TimeSpan? timeout = null) =>
        WaitForAsync(uuid, job => job.Status == status, status.ToString(), timeout);

    public async Task<string> HistoryTextAsync(Guid uuid)
    {
        var events = await Queries.HistoryAsync(uuid, 1000, 0, CancellationToken.None);
        return string.Join('\n', events.Select(e => $"  {e.Created:HH:mm:ss.fff} {e.Status}: {e.Description}"));
    }

    public async Task<IReadOnlyList<JobEvent>> HistoryAsync(Guid uuid) => await Queries.HistoryAsync(uuid, 1000, 0, CancellationToken.None);

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<long> CountJobsAsync(string queue) =>
        ScalarAsync("SELECT count(*) FROM aloe_jobs WHERE tenant_queue = @q", ("q", queue));

    /// <summary>Jobs of <paramref name="queue"/> holding a worker slot per the database (PROCESSING_INPUTS … ARCHIVING).</summary>
    public async Task<IReadOnlyList<(Guid Uuid, JobStatus Status)>> ActiveAsync(string queue)
    {
        await using var command = _dataSource.CreateCommand("SELECT uuid, status FROM aloe_jobs WHERE tenant_queue = @q");
        command.Parameters.AddWithValue("q", queue);
        var result = new List<(Guid, JobStatus)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = Enum.Parse<JobStatus>(reader.GetString(1));
            if (JobTransitions.IsActiveProcessing(status))
            {
                result.Add((reader.GetGuid(0), status));
            }
        }

        return result;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
