using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Telemetry;

/// <summary>Metrics, traces and the operator pages (section <c>Aloe:Telemetry</c>; docs/operations.md).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Aloe:Telemetry";

    /// <summary>How often the database gauges (unfinished jobs, recovery groups) are read. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DatabaseGaugeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
