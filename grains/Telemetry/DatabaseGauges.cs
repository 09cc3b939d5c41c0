using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AloeOrleans.Grains.Telemetry;

/// <summary>
/// Gauges read from the database every <see cref="TelemetryOptions.DatabaseGaugeInterval"/>: unfinished jobs by tenant
/// and status, and recovery groups and their blocked jobs by condition. Each is one grouped query on an indexed set, never
/// a query per scrape. Every silo exports the same figures (they are the cluster's, not the silo's): aggregate them with
/// max, not sum (docs/operations.md, "Metrics").
/// </summary>
public sealed partial class DatabaseGauges : BackgroundService
{
    private readonly NpgsqlDataSource dataSource;
    private readonly IOptions<TelemetryOptions> options;
    private readonly ILogger<DatabaseGauges> logger;
    private volatile IReadOnlyList<(string Tenant, string Status, long Jobs)> unfinished = [];
    private volatile IReadOnlyList<(string Condition, long Groups, long Jobs)> recovery = [];

    public DatabaseGauges(NpgsqlDataSource dataSource, IOptions<TelemetryOptions> options, ILogger<DatabaseGauges> logger)
    {
        this.dataSource = dataSource;
        this.options = options;
        this.logger = logger;
        AloeTelemetry.Meter.CreateObservableGauge("aloe.jobs.unfinished", () => unfinished.Select(row =>
            new Measurement<long>(row.Jobs, new TagList { { "tenant", row.Tenant }, { "status", row.Status } })), "{job}",
            "Jobs not yet FINISHED, FAILED or STOPPED, by tenant and status (read from the database).");
        AloeTelemetry.Meter.CreateObservableGauge("aloe.recovery.groups", () => recovery.Select(row =>
            new Measurement<long>(row.Groups, new TagList { { "condition", row.Condition } })), "{group}",
            "Recovery groups holding blocked jobs, by condition (read from the database).");
        AloeTelemetry.Meter.CreateObservableGauge("aloe.recovery.blocked", () => recovery.Select(row =>
            new Measurement<long>(row.Jobs, new TagList { { "condition", row.Condition } })), "{job}",
            "Jobs waiting in recovery groups, by condition (read from the database).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DatabaseGaugeInterval);
        do
        {
            try
            {
                unfinished = await ReadUnfinishedAsync(stoppingToken);
                recovery = await ReadRecoveryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // The last figures stay; the database's own health shows on /health/ready.
                LogReadFailed(exception.Message);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    /// <summary>False once the host stops: a stop is the end of the loop, not a failure of the service.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private Task<IReadOnlyList<(string, string, long)>> ReadUnfinishedAsync(CancellationToken cancellationToken) => ReadAsync(
        "SELECT tenant_id, status, count(*) FROM aloe_jobs WHERE status NOT IN ('FINISHED', 'STOPPED', 'FAILED') GROUP BY tenant_id, status",
        reader => (reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), cancellationToken);

    private Task<IReadOnlyList<(string, long, long)>> ReadRecoveryAsync(CancellationToken cancellationToken) => ReadAsync(
        "SELECT g.condition, count(DISTINCT g.group_key), count(*) FROM aloe_recovery_groups g " +
        "JOIN aloe_recovery_jobs j ON j.group_key = g.group_key AND j.released_at IS NULL GROUP BY g.condition",
        reader => (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)), cancellationToken);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the database gauges: {Reason}")]
    private partial void LogReadFailed(string reason);
}
