using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Gateway.Operations;

/// <summary>
/// The operator pages: the Prometheus scrape endpoint and the Orleans dashboard (section <c>Aloe:Operations</c>;
/// docs/operations.md). Both are open only to operators: a tenant administrator of one of <see cref="OperatorTenants"/>,
/// or whoever presents the operator credential in <see cref="OperatorTokenFile"/>.
/// </summary>
public sealed class OperationsOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Operations";

    /// <summary>The minimum length of the operator credential, so it cannot be guessed.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>Tenants whose administrators are operators of the whole service. Default none.</summary>
    public List<string> OperatorTenants { get; set; } = [];

    /// <summary>
    /// A file holding the operator credential (at least 32 characters; surrounding whitespace ignored), sent as
    /// <c>Authorization: Bearer &lt;credential&gt;</c> (Prometheus' <c>credentials_file</c>) or as the password of HTTP
    /// Basic authentication (a browser on the dashboard). Read at start. Default unset: no operator credential.
    /// </summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>Where the Prometheus scrape endpoint answers. Default <c>/metrics</c>.</summary>
    [Required]
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Serve the Prometheus scrape endpoint. Default true.</summary>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>Where the Orleans dashboard answers. Default <c>/dashboard</c>.</summary>
    [Required]
    public string DashboardPath { get; set; } = "/dashboard";

    /// <summary>
    /// Serve the Orleans dashboard. Off by default: it samples every grain activation each second, which measured
    /// 1.8 ms of CPU per submission (about a quarter of the submit throughput) with thousands of jobs waiting
    /// (docs/operations.md, "The dashboard"). Default false.
    /// </summary>
    public bool DashboardEnabled { get; set; }

    /// <summary>
    /// Time every grain call for the dashboard's method profiles. It costs every call a little, so it is off unless an
    /// operator turns it on. Default false.
    /// </summary>
    public bool GrainProfiling { get; set; }

    /// <summary>The dashboard's live log stream. Off by default: logs name tenants, users and paths. Default false.</summary>
    public bool DashboardLogStream { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, path) in new[] { (nameof(MetricsPath), MetricsPath), (nameof(DashboardPath), DashboardPath) })
        {
            if (!OperatorPaths.IsValid(path))
            {
                yield return OptionRules.Broken(
                    "must be an absolute path of letters, digits, '-', '_' and '/' (e.g. /metrics), and not one of the API's (/jobs, /systems, /apps, /health, /openapi).",
                    name);
            }
        }

        if (string.Equals(OperatorPaths.Normalize(MetricsPath), OperatorPaths.Normalize(DashboardPath), StringComparison.OrdinalIgnoreCase))
        {
            yield return OptionRules.Broken("must differ from MetricsPath.", nameof(DashboardPath));
        }

        if (OperatorTenants.Any(string.IsNullOrWhiteSpace))
        {
            yield return OptionRules.Broken("must not hold an empty tenant name.", nameof(OperatorTenants));
        }

        if (!string.IsNullOrWhiteSpace(OperatorTokenFile) && OperatorCredential.ProblemWith(OperatorTokenFile) is { } problem)
        {
            yield return OptionRules.Broken(problem, nameof(OperatorTokenFile));
        }
    }
}
