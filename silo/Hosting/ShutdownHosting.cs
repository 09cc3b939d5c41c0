using AloeOrleans.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Silo.Hosting;

/// <summary>The graceful stop of a silo or gateway process (docs/operations.md, "Health and shutdown").</summary>
public static class ShutdownHosting
{
    public static WebApplicationBuilder AddAloeShutdown(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions<ShutdownOptions>(builder.Configuration, ShutdownOptions.SectionName);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        // Readiness answers 503 while requests are still served for the drain delay.
        builder.Services.AddHostedService<ShutdownDrain>();
        return builder;
    }
}
