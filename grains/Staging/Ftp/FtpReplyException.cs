namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>
/// The FTP server answered something other than what the step needs; the message quotes its reply. A 4xx reply is
/// a transient negative completion (RFC 959 §4.2: service not available, cannot open the data connection, file busy),
/// so the same step may succeed later; 5xx (no such file, not logged in) and a malformed reply (code 0) will not.
/// </summary>
public sealed class FtpReplyException(string message, int code) : IOException(message)
{
    /// <summary>The server's reply code, or 0 when the reply could not be read as one.</summary>
    public int Code { get; } = code;

    public bool IsTransient => Code is >= 400 and < 500;
}
