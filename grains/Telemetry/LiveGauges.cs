using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AloeOrleans.Grains.Telemetry;

/// <summary>
/// Gauges of state that lives in grain activations: each tenant queue's waiting and active jobs. An activation reports
/// its figures here and withdraws them when it deactivates, so every silo exports only the queues it hosts and the sum
/// over silos is the cluster's figure (a grain lives on one silo at a time).
/// </summary>
public static class LiveGauges
{
    private static readonly ConcurrentDictionary<string, (int Waiting, int Active)> Queues = new(StringComparer.Ordinal);

    static LiveGauges()
    {
        AloeTelemetry.Meter.CreateObservableGauge("aloe.queue.waiting", () => Queues.Select(pair =>
            new Measurement<int>(pair.Value.Waiting, new TagList { { "queue", pair.Key } })), "{job}", "Jobs admitted to a tenant queue and not yet holding a worker slot.");
        AloeTelemetry.Meter.CreateObservableGauge("aloe.queue.active", () => Queues.Select(pair =>
            new Measurement<int>(pair.Value.Active, new TagList { { "queue", pair.Key } })), "{job}", "Jobs holding a worker slot of a tenant queue.");
    }

    public static void ReportQueue(string queue, int waiting, int active) => Queues[queue] = (waiting, active);

    public static void WithdrawQueue(string queue) => Queues.TryRemove(queue, out _);
}
