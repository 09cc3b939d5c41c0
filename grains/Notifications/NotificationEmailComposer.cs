using System.Globalization;
using System.Net;
using System.Text;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// The e-mail of a job notification (docs/notifications.md, "E-mail"): subject <c>Job &lt;uuid&gt; received a &lt;EVENT&gt;
/// event</c>, a text body listing the job's fields one per line, and an HTML body with the same fields, every value
/// HTML-encoded (names and messages are user input). Pure.
/// </summary>
public static class NotificationEmailComposer
{
    public static EmailContent Compose(JobNotificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var eventName = new string(context.Event.Where(character => !char.IsControl(character)).ToArray());
        var subject = $"Job {context.JobUuid:D} received a {eventName} event";
        var fields = Fields(context);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Job {context.JobUuid:D} received a {eventName} event.\n\n");
        foreach (var (label, value) in fields)
        {
            text.Append(label).Append(": ").Append(OneLine(value)).Append('\n');
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body>");
        html.Append("<p>").Append(WebUtility.HtmlEncode(subject)).Append(".</p><table>");
        foreach (var (label, value) in fields)
        {
            html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(label)).Append("</th><td>")
                .Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        html.Append("</table></body></html>");
        return new EmailContent(subject, text.ToString(), html.ToString());
    }

    private static List<(string Label, string Value)> Fields(JobNotificationContext context) =>
    [
        ("Name", context.Name),
        ("Job ID", context.JobUuid.ToString("D")),
        ("App ID", context.AppId),
        ("Execution system", context.SystemId),
        ("Status", context.Status),
        ("Message", context.Message),
        ("Submit time", Time(context.SubmitTime)),
        ("Start time", Time(context.StartTime)),
        ("End time", Time(context.EndTime)),
        ("Output path", context.ArchivePath),
        ("Output URL", context.ArchiveUrl),
        ("Job URL", context.JobUrl),
    ];

    /// <summary>A value on one line: a message with line breaks must not forge another field's line.</summary>
    private static string OneLine(string value) =>
        value.Length == 0 ? "-" : string.Concat(value.Select(character => char.IsControl(character) ? ' ' : character));

    private static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString(WebhookMacros.TimeFormat, CultureInfo.InvariantCulture) : "-";
}
