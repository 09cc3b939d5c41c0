using System.Globalization;
using System.Threading.RateLimiting;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.RateLimiting;

/// <summary>
/// Configures ASP.NET Core's rate limiter from <see cref="RateLimitOptions"/>: one token bucket per
/// <see cref="RateLimitKey"/>, no queueing, and a 429 in the Agave envelope with <c>Retry-After</c>. It runs after
/// authentication (see <see cref="EnvelopeStartupFilter"/>), so users are told apart by their verified token.
/// </summary>
internal sealed class RateLimitingSetup(IOptionsMonitor<RateLimitOptions> limits, IOptionsMonitor<JwtOptions> jwt)
    : IConfigureOptions<RateLimiterOptions>
{
    /// <summary>Said when the limiter gives no time of its own; the buckets refill every second.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RateLimitKey>(context =>
            RateLimitPartitioner.KeyOf(context.Request.Path, context.User, context.Connection.RemoteIpAddress, jwt.CurrentValue) is { } key
                ? RateLimitPartition.GetTokenBucketLimiter(key, BucketOf)
                : RateLimitPartition.GetNoLimiter(default(RateLimitKey)));
        options.OnRejected = (context, _) => RejectAsync(context);
    }

    private TokenBucketRateLimiterOptions BucketOf(RateLimitKey key)
    {
        var (perSecond, burst) = LimitsOf(key);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private ValueTask RejectAsync(OnRejectedContext context)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : DefaultRetryAfter;
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        var key = RateLimitPartitioner.KeyOf(http.Request.Path, http.User, http.Connection.RemoteIpAddress, jwt.CurrentValue)
                  ?? default;
        var (perSecond, burst) = LimitsOf(key);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(EnvelopeWriter.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests,
            $"Too many requests from {key}: at most {perSecond} per second on average, {burst} at once; " +
            $"nothing was done. Retry after {seconds} s."));
    }

    private (int PerSecond, int Burst) LimitsOf(RateLimitKey key)
    {
        var settings = limits.CurrentValue;
        return key.IsUser
            ? (settings.TokensPerSecond, settings.BurstLimit)
            : (settings.AnonymousTokensPerSecond, settings.AnonymousBurstLimit);
    }
}
