using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Network;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Staging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// At start, says which networks beyond the public internet the service will connect to on users' behalf (inputs) and
/// on tenant admins' behalf (SSH/SFTP systems) and for notifications (webhooks), and refuses to start when an allow-list cannot be read, or was written
/// as a JSON array: such a list would merge index by index with the other configuration sources instead of replacing them.
/// </summary>
internal sealed partial class AllowedNetworksReport(
    IConfiguration configuration,
    IOptions<StagingOptions> staging,
    IOptions<SshOptions> ssh,
    IOptions<NotificationOptions> notifications,
    ILogger<AllowedNetworksReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var inputs = Read(StagingNetwork.AllowedNetworksSetting, staging.Value.AllowedNetworks);
        var systems = Read(SshConnectionPool.AllowedNetworksSetting, ssh.Value.AllowedNetworks);
        LogInputs(logger, inputs.ToString(), StagingNetwork.AllowedNetworksSetting);
        LogSystems(logger, systems.ToString(), SshConnectionPool.AllowedNetworksSetting);
        var webhooks = Read(NotificationOptions.AllowedNetworksSetting, notifications.Value.AllowedNetworks);
        LogWebhooks(logger, webhooks.ToString(), NotificationOptions.AllowedNetworksSetting);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private NetworkPolicy Read(string setting, string value)
    {
        if (configuration.GetSection(setting).GetChildren().Any())
        {
            throw new InvalidOperationException(
                $"{setting} is one comma-separated string of CIDR networks (\"127.0.0.0/8, ::1/128\"), not a JSON array.");
        }

        return NetworkPolicy.Parse(value, setting);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "http(s) and ftp inputs may reach public addresses and these other networks: {Networks} ({Setting})")]
    private static partial void LogInputs(ILogger logger, string networks, string setting);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "SSH and SFTP systems may be reached at public addresses and in these other networks: {Networks} ({Setting})")]
    private static partial void LogSystems(ILogger logger, string networks, string setting);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "webhook notifications may reach public addresses and these other networks: {Networks} ({Setting})")]
    private static partial void LogWebhooks(ILogger logger, string networks, string setting);
}
