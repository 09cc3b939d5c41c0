using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>Batching of status checks (section <c>Aloe:Monitoring:Batching</c>).</summary>
public sealed class SystemMonitorOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Monitoring:Batching";

    /// <summary>
    /// A tick's query goes out once no request arrived for this long. Job grains align their checks to whole
    /// intervals, so the requests of one tick arrive in one burst (spread over a few hundred milliseconds when hundreds
    /// of grains wake at once). Default 100 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BatchQuietPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a request waits for its tick's query, however steadily requests keep arriving. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BatchWindow < BatchQuietPeriod)
        {
            yield return OptionRules.Broken($"must not be shorter than {nameof(BatchQuietPeriod)}.", nameof(BatchWindow));
        }
    }
}
