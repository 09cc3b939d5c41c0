using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// Puts <see cref="EnvelopeMiddleware"/> in front of the host's whole pipeline, then authentication and the rate
/// limiter (<c>RateLimitingSetup</c>), so the host only has to call <c>AddAloeGateway()</c> for every answer to be
/// enveloped and every request counted. Authentication runs here, before the limiter, so requests are counted per
/// verified user; the host's own authentication step later reuses the result (a handler authenticates once per
/// request).
/// </summary>
internal sealed class EnvelopeStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<EnvelopeMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        next(app);
    };
}
