using System.Globalization;
using System.Text;

namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>
/// Lines of the FTP control connection, each at most <c>maxLineBytes</c> long: a server that never ends a line fails
/// the transfer after that many bytes instead of filling the silo's memory. Lines end with LF (a CR before it is
/// dropped); text is UTF-8, invalid bytes replaced.
/// </summary>
internal sealed class FtpLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] buffer = new byte[4096];
    private readonly MemoryStream line = new();
    private int start;
    private int end;

    /// <summary>The next line without its line break, or null when the server closed the connection.</summary>
    /// <exception cref="TransferLimitException">The line is longer than the limit.</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        line.SetLength(0);
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = await stream.ReadAsync(buffer, cancellationToken);
                if (end == 0)
                {
                    return line.Length > 0 ? Text() : null;
                }
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            var take = (newline < 0 ? end : newline) - start;
            if (line.Length + take > maxLineBytes)
            {
                throw new TransferLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"the FTP server sent a reply line longer than {maxLineBytes} bytes, the limit set by Aloe:Staging:MaxFtpReplyLineBytes"));
            }

            line.Write(buffer, start, take);
            start += take;
            if (newline >= 0)
            {
                start++;
                return Text();
            }
        }
    }

    private string Text()
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        return Encoding.UTF8.GetString(bytes.EndsWith("\r"u8) ? bytes[..^1] : bytes);
    }
}
