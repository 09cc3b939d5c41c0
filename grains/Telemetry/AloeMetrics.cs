using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AloeOrleans.Grains.Telemetry;

/// <summary>
/// The service's instruments. Names follow OpenTelemetry's dotted style; the Prometheus endpoint shows them with
/// underscores and a unit suffix (docs/operations.md lists both). Labels are bounded: tenants, statuses, systems,
/// queues and outcomes, never job ids or user input beyond names the catalog and the queue table already bound.
/// </summary>
public static class AloeMetrics
{
    private static readonly Counter<long> Submissions = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.jobs.submissions", "{submission}", "Job submissions answered, by tenant and outcome.");

    private static readonly Counter<long> Transitions = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.jobs.transitions", "{transition}", "Job status changes written, by the status entered.");

    private static readonly Histogram<double> TransitionLatency = AloeTelemetry.Meter.CreateHistogram<double>(
        "aloe.jobs.transition.duration", "s", "Time a job spent in a status before it left it, by the status left.");

    private static readonly Counter<long> MonitorTicks = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.monitor.ticks", "{tick}", "Status-check ticks of a system's monitor, by system and outcome.");

    private static readonly Counter<long> SchedulerCalls = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.scheduler.calls", "{call}", "Scheduler and probe commands run by the monitors, by system and command.");

    private static readonly Counter<long> StagedBytes = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.staging.bytes", "By", "Input bytes staged, by transfer protocol.");

    private static readonly Histogram<double> StagingDuration = AloeTelemetry.Meter.CreateHistogram<double>(
        "aloe.staging.duration", "s", "Time to stage one input, by protocol and outcome.");

    private static readonly Counter<long> NotificationDeliveries = AloeTelemetry.Meter.CreateCounter<long>(
        "aloe.notifications.deliveries", "{delivery}", "Notification delivery attempts, by channel and outcome.");

    public static void Submitted(string tenantId, string outcome) =>
        Submissions.Add(1, new TagList { { "tenant", tenantId }, { "outcome", outcome } });

    /// <summary>A job went from <paramref name="from"/> (entered at <paramref name="enteredFrom"/>) to <paramref name="to"/>.</summary>
    public static void Transitioned(string tenantId, string from, string to, DateTimeOffset enteredFrom, DateTimeOffset now)
    {
        Transitions.Add(1, new TagList { { "tenant", tenantId }, { "status", to } });
        TransitionLatency.Record(Math.Max(0, (now - enteredFrom).TotalSeconds), new TagList { { "status", from } });
    }

    /// <summary>A job entered its first status, ACCEPTED.</summary>
    public static void Accepted(string tenantId) =>
        Transitions.Add(1, new TagList { { "tenant", tenantId }, { "status", "ACCEPTED" } });

    public static void MonitorTicked(string tenantId, string systemId, bool succeeded, IReadOnlyDictionary<string, int> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        MonitorTicks.Add(1, new TagList { { "tenant", tenantId }, { "system", systemId }, { "outcome", succeeded ? "ok" : "failed" } });
        foreach (var (command, count) in commands)
        {
            SchedulerCalls.Add(count, new TagList { { "tenant", tenantId }, { "system", systemId }, { "command", command } });
        }
    }

    public static void Staged(string protocol, long bytes, TimeSpan duration, bool succeeded)
    {
        if (bytes > 0)
        {
            StagedBytes.Add(bytes, new TagList { { "protocol", protocol } });
        }

        StagingDuration.Record(duration.TotalSeconds, new TagList { { "protocol", protocol }, { "outcome", succeeded ? "ok" : "failed" } });
    }

    public static void NotificationDelivered(string channel, string outcome) =>
        NotificationDeliveries.Add(1, new TagList { { "channel", channel }, { "outcome", outcome } });
}
