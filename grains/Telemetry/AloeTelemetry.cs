using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AloeOrleans.Grains.Telemetry;

/// <summary>
/// The service's own activity source and meter (docs/operations.md, "Metrics" and "Traces"). Static because spans and
/// counters come from grains, adapters and the gateway alike; OpenTelemetry subscribes to them by name.
/// </summary>
public static class AloeTelemetry
{
    /// <summary>The name of both the activity source and the meter: subscribe to it in OpenTelemetry.</summary>
    public const string Name = "AloeOrleans";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
