using MimeKit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>The messages the project's SMTP server (scripts/smtp.sh) stored, one file each, read back with MimeKit.</summary>
public static class MailDrop
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("ALOE_SMTP_MAIL_DIR") is { Length: > 0 } folder
            ? folder
            : throw new InvalidOperationException("ALOE_SMTP_MAIL_DIR is not set: run the tests with ./aloe test, which starts scripts/smtp.sh.");

    /// <summary>Waits until a message to <paramref name="recipient"/> satisfying <paramref name="match"/> has arrived.</summary>
    public static async Task<MimeMessage> WaitForAsync(string recipient, Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*.eml"))
            {
                var text = await File.ReadAllTextAsync(file);
                if (!text.StartsWith("X-Aloe-Rcpt-To: ", StringComparison.Ordinal) || !text[..text.IndexOf('\n', StringComparison.Ordinal)].Contains(recipient, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var message = await MimeMessage.LoadAsync(file);
                if (match(message))
                {
                    return message;
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"no e-mail to {recipient} in {Folder} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
