using Microsoft.Extensions.Options;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// Holds a stop for <see cref="ShutdownOptions.DrainDelay"/> while requests are still served and <c>/health/ready</c>
/// already answers 503. It waits inside the host's ApplicationStopping notification, which the host raises before it
/// stops any hosted service (the web server stops first of those): a hosted service of its own would run too late.
/// </summary>
internal sealed partial class ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger)
    : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    private void Drain()
    {
        var delay = options.Value.DrainDelay;
        LogStopping(delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            // Blocking on purpose: the host goes on to stop the web server when this notification returns.
            Thread.Sleep(delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: not ready any more; serving for {Seconds} s more, then in-flight requests finish and grains deactivate")]
    private partial void LogStopping(double seconds);
}
