using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using AloeOrleans.Grains.Notifications;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>The SMTP settings' rules, and the sender's errors when there is no server to talk to.</summary>
public sealed class SmtpSettingsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Problems(new SmtpOptions()));
    }

    [Theory]
    [InlineData("not an address", null, null, "From")]
    [InlineData("", null, null, "From")]
    [InlineData("aloe@example.org", null, "secret", "Password")]
    public void A_broken_setting_is_named(string from, string? username, string? password, string member)
    {
        var problems = Problems(new SmtpOptions { From = from, Username = username, Password = password });

        Assert.Contains(problems, problem => problem.MemberNames.Contains(member));
    }

    [Fact]
    public async Task Without_a_host_no_mail_is_sent_and_the_error_says_which_setting()
    {
        var sender = new MailKitEmailSender(Monitor(new SmtpOptions()));

        var refused = await Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync("a@example.org", new EmailContent("s", "t", "h"), CancellationToken.None));

        Assert.Contains("Aloe:Smtp:Host", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_delivery_error_without_the_password()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var sender = new MailKitEmailSender(Monitor(new SmtpOptions
        {
            Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Username = "u", Password = "hunter2", TimeoutSeconds = 5,
        }));

        var failed = await Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync("a@example.org", new EmailContent("s", "t", "h"), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.SmtpStatus);
    }

    private static List<ValidationResult> Problems(SmtpOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static IOptionsMonitor<SmtpOptions> Monitor(SmtpOptions options) => new StaticMonitor(options);

    private sealed class StaticMonitor(SmtpOptions value) : IOptionsMonitor<SmtpOptions>
    {
        public SmtpOptions CurrentValue => value;

        public SmtpOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SmtpOptions, string?> listener) => null;
    }
}
