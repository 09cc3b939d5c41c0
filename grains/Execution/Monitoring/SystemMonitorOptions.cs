namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>Batching of status checks (section <c>Aloe:Monitoring:Batching</c>).</summary>
public sealed class SystemMonitorOptions
{
    /// <summary>
    /// A tick's query goes out once no request arrived for this long. Job grains align their checks to whole
    /// intervals, so the requests of one tick arrive in one burst (spread over a few hundred milliseconds when hundreds
    /// of grains wake at once). Default 100 ms.
    /// </summary>
    public TimeSpan BatchQuietPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a request waits for its tick's query, however steadily requests keep arriving. Default 1 s.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(1);
}
