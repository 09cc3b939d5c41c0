using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units.Network;

/// <summary>The start-up check of the allow-lists: said in the log, refused when unreadable or written as an array.</summary>
public sealed class AllowedNetworksReportTests
{
    [Fact]
    public async Task The_allowed_networks_are_logged_at_start()
    {
        var log = new ListLogger();

        await Report(new Dictionary<string, string?>(), "127.0.0.0/8, ::1/128", "", log, webhooks: "192.168.0.0/16").StartAsync(CancellationToken.None);

        Assert.Contains(log.Lines, line => line.Contains("inputs may reach public addresses and these other networks: 127.0.0.0/8, ::1/128 (Aloe:Staging:AllowedNetworks)",
            StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("other networks: none (Aloe:Ssh:AllowedNetworks)", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("webhook notifications may reach public addresses and these other networks: 192.168.0.0/16 (Aloe:Notifications:AllowedNetworks)",
            StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Aloe:Staging:AllowedNetworks:0", "Aloe:Staging:AllowedNetworks")]
    [InlineData("Aloe:Ssh:AllowedNetworks:0", "Aloe:Ssh:AllowedNetworks")]
    [InlineData("Aloe:Notifications:AllowedNetworks:0", "Aloe:Notifications:AllowedNetworks")]
    public async Task A_list_written_as_a_json_array_stops_the_start_naming_the_setting(string key, string setting)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Report(new Dictionary<string, string?> { [key] = "10.0.0.0/8" }, "", "", new ListLogger()).StartAsync(CancellationToken.None));

        Assert.StartsWith($"{setting} is one comma-separated string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_list_stops_the_start_naming_the_setting_and_the_entry()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() =>
            Report(new Dictionary<string, string?>(), "", "10.0.0.0/8, hpc-login", new ListLogger()).StartAsync(CancellationToken.None));

        Assert.Contains("Aloe:Ssh:AllowedNetworks", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hpc-login'", error.Message, StringComparison.Ordinal);
    }

    private static AllowedNetworksReport Report(
        Dictionary<string, string?> configuration, string inputs, string systems, ILogger<AllowedNetworksReport> logger, string webhooks = "") =>
        new(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(),
            Options.Create(new StagingOptions { AllowedNetworks = inputs }), Options.Create(new SshOptions { AllowedNetworks = systems }),
            Options.Create(new NotificationOptions { AllowedNetworks = webhooks }), logger);

    private sealed class ListLogger : ILogger<AllowedNetworksReport>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
