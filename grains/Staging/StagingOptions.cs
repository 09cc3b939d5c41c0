namespace AloeOrleans.Grains.Staging;

/// <summary>Tunables of input transfers (section <c>Aloe:Staging</c>); the rules behind them are in docs/security.md.</summary>
public sealed class StagingOptions
{
    /// <summary>
    /// Networks beyond the public internet that http(s) and ftp inputs may reach: CIDR networks or single addresses,
    /// separated by commas (<c>"127.0.0.0/8, ::1/128"</c>). Loopback, private (RFC 1918), link-local, unique-local,
    /// carrier-grade NAT, multicast and the other special-purpose addresses are refused unless listed here. One string,
    /// not an array, so one environment variable replaces the whole list. Default empty (the Development environment
    /// allows loopback, see appsettings.Development.json).
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>Longest a single HTTP transfer may take, from connecting to the last byte. Default 30 min.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many redirects one http(s) input may follow; each one is checked like the first URL. Default 5.</summary>
    public int MaxHttpRedirects { get; set; } = 5;

    /// <summary>
    /// Longest an http(s) or ftp transfer may go without receiving a byte (an HTTP request waiting for its response
    /// headers counts as receiving nothing). Default 2 min.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for any one FTP reply or connection (not the whole transfer). Default 60 s.</summary>
    public TimeSpan FtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one FTP download may take, from opening the data connection to the server's final reply. Default 30 min.</summary>
    public TimeSpan FtpTransferTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest line an FTP server may send on the control connection, in bytes. Default 4096.</summary>
    public int MaxFtpReplyLineBytes { get; set; } = 4096;

    /// <summary>Largest FTP reply (all lines of a multi-line reply), in bytes. Default 65536.</summary>
    public int MaxFtpReplyBytes { get; set; } = 65536;

    /// <summary>
    /// Most bytes one job's inputs may bring, counted across every input and protocol (http(s), ftp, sftp, storage
    /// systems). Default 100 GiB.
    /// </summary>
    public long MaxInputBytesPerJob { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Most files one directory input may hold (all levels); a larger tree is refused before anything is copied. Default 10000.</summary>
    public int MaxFilesPerTree { get; set; } = 10_000;

    /// <summary>Copy buffer size in bytes; transfers stream, never holding a whole file in memory. Default 80 KiB.</summary>
    public int BufferSize { get; set; } = 81920;
}
