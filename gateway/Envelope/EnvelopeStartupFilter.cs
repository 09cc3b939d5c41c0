using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// Puts <see cref="EnvelopeMiddleware"/> in front of the host's whole pipeline (including authentication), so the
/// host only has to call <c>AddAloeGateway()</c> for every answer to be enveloped.
/// </summary>
internal sealed class EnvelopeStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<EnvelopeMiddleware>();
        next(app);
    };
}
