namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>Batching of status checks (section <c>Aloe:Monitoring:Batching</c>).</summary>
public sealed class SystemMonitorOptions
{
    /// <summary>
    /// How long a monitor collects check requests before it asks the scheduler once for all of them. Job grains align
    /// their checks to whole intervals, so the requests of one tick arrive within milliseconds. Default 200 ms.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);
}
