using System.Globalization;
using System.Text;

namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>A server reply: the three-digit code and its text (all lines of a multi-line reply, joined).</summary>
public sealed record FtpReply(int Code, string Text)
{
    public bool IsPositivePreliminary => Code is >= 100 and < 200;
    public bool IsPositiveCompletion => Code is >= 200 and < 300;
    public bool IsPositiveIntermediate => Code is >= 300 and < 400;

    /// <summary>
    /// Reads one reply from <paramref name="lines"/> (RFC 959 §4.2: "ddd text" ends it; "ddd-text" opens a
    /// multi-line reply that ends at the first line starting with the same code and a space), of at most
    /// <paramref name="maxReplyBytes"/> bytes in all its lines.
    /// </summary>
    /// <exception cref="TransferLimitException">The reply is longer than <paramref name="maxReplyBytes"/>.</exception>
    public static async Task<FtpReply> ReadAsync(Func<Task<string?>> lines, int maxReplyBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var first = await lines() ?? throw new IOException("The FTP server closed the connection.");
        if (first.Length < 3 || !int.TryParse(first.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new FtpReplyException($"The FTP server sent a malformed reply: '{(first.Length > 80 ? first[..80] + "…" : first)}'.", 0);
        }

        var size = Encoding.UTF8.GetByteCount(first);
        var text = new StringBuilder(first.Length > 4 ? first[4..] : "");
        if (first.Length > 3 && first[3] == '-')
        {
            var end = first[..3] + " ";
            string? line;
            while ((line = await lines()) is not null)
            {
                size += Encoding.UTF8.GetByteCount(line) + 2;
                if (size > maxReplyBytes)
                {
                    throw new TransferLimitException(string.Create(CultureInfo.InvariantCulture,
                        $"the FTP server sent a reply longer than {maxReplyBytes} bytes, the limit set by Aloe:Staging:MaxFtpReplyBytes"));
                }

                text.Append('\n').Append(line.StartsWith(end, StringComparison.Ordinal) ? line[4..] : line);
                if (line.StartsWith(end, StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return new FtpReply(code, text.ToString());
    }

    /// <summary>The data port of an EPSV reply ("229 Entering Extended Passive Mode (|||6446|)"), or null.</summary>
    public int? ExtendedPassivePort()
    {
        var start = Text.IndexOf("(|||", StringComparison.Ordinal);
        var end = start < 0 ? -1 : Text.IndexOf("|)", start, StringComparison.Ordinal);
        return start >= 0 && end > start + 4
               && int.TryParse(Text.AsSpan(start + 4, end - start - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
               && port is > 0 and <= 65535
            ? port
            : null;
    }

    /// <summary>The data port of a PASV reply ("227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)"), or null.</summary>
    public int? PassivePort()
    {
        var start = Text.IndexOf('(', StringComparison.Ordinal);
        var end = Text.IndexOf(')', Math.Max(start, 0));
        if (start < 0 || end < start)
        {
            return null;
        }

        var parts = Text[(start + 1)..end].Split(',');
        return parts.Length == 6
               && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
               && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
               && high is >= 0 and < 256 && low is >= 0 and < 256 && high * 256 + low > 0
            ? high * 256 + low
            : null;
    }
}
