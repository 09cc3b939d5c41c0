using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Silo.Hosting;

/// <summary>How a process stops on SIGTERM (section <c>Aloe:Shutdown</c>; docs/operations.md, "Health and shutdown").</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Aloe:Shutdown";

    /// <summary>
    /// The most a graceful stop may take: the drain delay, in-flight requests, grain deactivation and leaving the
    /// cluster. Keep it below the platform's grace period (Kubernetes' <c>terminationGracePeriodSeconds</c>). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the process keeps serving after SIGTERM with <c>/health/ready</c> answering 503, so a load balancer
    /// stops sending before the listener closes. Default 0 (nothing routes by readiness on one machine; the
    /// Kubernetes manifests set 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
