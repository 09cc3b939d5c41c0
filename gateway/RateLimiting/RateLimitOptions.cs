using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Gateway.RateLimiting;

/// <summary>
/// HTTP request rate limits (configuration section <c>Aloe:Gateway:RateLimit</c>): a token bucket per user of a
/// tenant (from the verified token), and a smaller one per client address for requests without a valid token. The
/// health endpoints are exempt. Each silo counts on its own, so a cluster of N silos behind a balancer allows up to
/// N times these rates.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Aloe:Gateway:RateLimit";

    /// <summary>
    /// Requests per second one user of a tenant may make on average. Default 200: a science gateway submitting a
    /// parameter sweep under one account, and polling it, stays well below.
    /// </summary>
    [Range(1, 1_000_000)]
    public int TokensPerSecond { get; set; } = 200;

    /// <summary>Requests one user may make at once, above the average, before 429. Default 2000 (ten seconds' worth).</summary>
    [Range(1, 1_000_000)]
    public int BurstLimit { get; set; } = 2000;

    /// <summary>
    /// Requests per second from one client address without a valid token (they can only be refused, or reach the
    /// anonymous endpoints). Default 20. Behind a proxy every such client shares the proxy's address.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AnonymousTokensPerSecond { get; set; } = 20;

    /// <summary>Requests one client address without a valid token may make at once. Default 100.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousBurstLimit { get; set; } = 100;
}
