using System.Globalization;
using System.Text;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Resolves the <c>${…}</c> macros of a webhook URL (docs/notifications.md, "URL macros") before the call. In the path a
/// value goes in as it is, except the characters that would end or break the path (<c>?</c>, <c>#</c>, <c>%</c>, spaces
/// and control characters), which are percent-encoded; in the query every value is percent-encoded. The scheme and
/// host are never rewritten, so a value can move a request to another path but never to another server. Unknown
/// macros stay as they are. Pure.
/// </summary>
public static class WebhookMacros
{
    public static readonly IReadOnlyList<string> Names =
    [
        "UUID", "EVENT", "JOB_STATUS", "JOB_URL", "JOB_ID", "JOB_SYSTEM", "JOB_NAME", "JOB_START_TIME", "JOB_END_TIME",
        "JOB_SUBMIT_TIME", "JOB_ARCHIVE_PATH", "JOB_ARCHIVE_URL", "JOB_ERROR", "OWNER", "APP_ID",
    ];

    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The value of each macro for <paramref name="context"/>; a time not reached yet is empty.</summary>
    public static IReadOnlyDictionary<string, string> Values(JobNotificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["UUID"] = context.JobUuid.ToString(),
            ["JOB_ID"] = context.JobUuid.ToString(),
            ["EVENT"] = context.Event,
            ["JOB_STATUS"] = context.Status,
            ["JOB_URL"] = context.JobUrl,
            ["JOB_SYSTEM"] = context.SystemId,
            ["JOB_NAME"] = context.Name,
            ["JOB_START_TIME"] = Time(context.StartTime),
            ["JOB_END_TIME"] = Time(context.EndTime),
            ["JOB_SUBMIT_TIME"] = Time(context.SubmitTime),
            ["JOB_ARCHIVE_PATH"] = context.ArchivePath,
            ["JOB_ARCHIVE_URL"] = context.ArchiveUrl,
            ["JOB_ERROR"] = context.Error,
            ["OWNER"] = context.Owner,
            ["APP_ID"] = context.AppId,
        };
    }

    /// <summary><paramref name="template"/> with its macros resolved for <paramref name="context"/>.</summary>
    public static string Resolve(string template, JobNotificationContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        var values = Values(context);
        var schemeEnd = template.IndexOf("://", StringComparison.Ordinal);
        var pathStart = schemeEnd < 0 ? -1 : template.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        if (pathStart < 0)
        {
            return template;
        }

        var fragmentStart = template.IndexOf('#', pathStart);
        var end = fragmentStart < 0 ? template.Length : fragmentStart;
        var queryStart = template.IndexOf('?', pathStart, end - pathStart);
        var pathEnd = queryStart < 0 ? end : queryStart;
        var builder = new StringBuilder(template.Length + 64);
        builder.Append(template, 0, pathStart);
        builder.Append(Substitute(template[pathStart..pathEnd], values, EncodeForPath));
        if (queryStart >= 0)
        {
            builder.Append(Substitute(template[queryStart..end], values, Uri.EscapeDataString));
        }

        builder.Append(template, end, template.Length - end);
        return builder.ToString();
    }

    private static string Substitute(string part, IReadOnlyDictionary<string, string> values, Func<string, string> encode)
    {
        var builder = new StringBuilder(part.Length);
        var index = 0;
        while (index < part.Length)
        {
            var open = part.IndexOf("${", index, StringComparison.Ordinal);
            var close = open < 0 ? -1 : part.IndexOf('}', open + 2);
            if (open < 0 || close < 0)
            {
                builder.Append(part, index, part.Length - index);
                break;
            }

            builder.Append(part, index, open - index);
            var name = part[(open + 2)..close];
            builder.Append(values.TryGetValue(name, out var value) ? encode(value) : part[open..(close + 1)]);
            index = close + 1;
        }

        return builder.ToString();
    }

    private static string EncodeForPath(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            var text = rune.ToString();
            if (rune.Value is '?' or '#' or '%' || Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                foreach (var b in Encoding.UTF8.GetBytes(text))
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(text);
            }
        }

        return builder.ToString();
    }

    private static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) : "";
}
