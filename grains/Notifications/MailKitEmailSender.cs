using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Sends notification e-mail through the SMTP server of <c>Aloe:Smtp</c> with MailKit (docs/notifications.md, "E-mail"):
/// one connection per message, text and HTML alternatives. Failures come out as <see cref="EmailDeliveryException"/>
/// with the server's reply code when it answered; the password never appears in a message.
/// </summary>
public sealed class MailKitEmailSender(IOptionsMonitor<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(string toAddress, EmailContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            throw new EmailDeliveryException($"e-mail is not configured ({SmtpOptions.SectionName}:Host is empty)");
        }

        if (!MailboxAddress.TryParse(toAddress, out var to))
        {
            throw new EmailDeliveryException($"'{toAddress}' is not an e-mail address");
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(to);
        message.Subject = content.Subject;
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
        message.Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, Options(settings.Security), deadline.Token);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
        }
        catch (SmtpCommandException refused)
        {
            throw new EmailDeliveryException($"the SMTP server refused the message: {(int)refused.StatusCode} {refused.Message}", (int)refused.StatusCode, refused);
        }
        catch (AuthenticationException failed)
        {
            throw new EmailDeliveryException($"the SMTP server refused the login of '{settings.Username}'", smtpStatus: 535, inner: failed);
        }
        catch (Exception failed) when (failed is SmtpProtocolException or SocketException or IOException or SslHandshakeException or ServiceNotConnectedException)
        {
            throw new EmailDeliveryException($"could not talk to the SMTP server {settings.Host}:{settings.Port}: {failed.Message}", inner: failed);
        }
        catch (OperationCanceledException timedOut) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeliveryException($"the SMTP server {settings.Host}:{settings.Port} did not answer within {settings.TimeoutSeconds} s", inner: timedOut);
        }

        await QuitQuietlyAsync(client);
    }

    /// <summary>
    /// QUIT after the server accepted the message. A failure here is no failed delivery: reporting one would send the
    /// message again.
    /// </summary>
    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, deadline.Token);
            }
        }
        catch (Exception exception) when (exception is SmtpProtocolException or SmtpCommandException or IOException or OperationCanceledException or SocketException)
        {
            // The message is delivered; the connection is dropped with the client.
        }
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
