using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Network;

namespace AloeOrleans.Grains.Staging;

/// <summary>Tunables of input transfers (section <c>Aloe:Staging</c>); the rules behind them are in docs/security.md.</summary>
public sealed class StagingOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Staging";

    /// <summary>
    /// Networks beyond the public internet that http(s) and ftp inputs may reach: CIDR networks or single addresses,
    /// separated by commas (<c>"127.0.0.0/8, ::1/128"</c>). Loopback, private (RFC 1918), link-local, unique-local,
    /// carrier-grade NAT, multicast and the other special-purpose addresses are refused unless listed here. One string,
    /// not an array, so one environment variable replaces the whole list. Default empty (the Development environment
    /// allows loopback, see appsettings.Development.json).
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>Longest a single HTTP transfer may take, from connecting to the last byte. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many redirects one http(s) input may follow; each one is checked like the first URL. Default 5.</summary>
    [Range(0, 50)]
    public int MaxHttpRedirects { get; set; } = 5;

    /// <summary>
    /// Longest an http(s) or ftp transfer may go without receiving a byte (an HTTP request waiting for its response
    /// headers counts as receiving nothing). Default 2 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for any one FTP reply or connection (not the whole transfer). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one FTP download may take, from opening the data connection to the server's final reply. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FtpTransferTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest line an FTP server may send on the control connection, in bytes. Default 4096.</summary>
    [Range(128, 1024 * 1024)]
    public int MaxFtpReplyLineBytes { get; set; } = 4096;

    /// <summary>Largest FTP reply (all lines of a multi-line reply), in bytes. Default 65536.</summary>
    [Range(128, 16 * 1024 * 1024)]
    public int MaxFtpReplyBytes { get; set; } = 65536;

    /// <summary>
    /// Most bytes one job's inputs may bring, counted across every input and protocol (http(s), ftp, sftp, storage
    /// systems). Default 100 GiB.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxInputBytesPerJob { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Most files one directory input may hold (all levels); a larger tree is refused before anything is copied. Default 10000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFilesPerTree { get; set; } = 10_000;

    /// <summary>Copy buffer size in bytes; transfers stream, never holding a whole file in memory. Default 80 KiB.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int BufferSize { get; set; } = 81920;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in NetworkPolicy.Problems(AllowedNetworks))
        {
            yield return OptionRules.Broken(problem, nameof(AllowedNetworks));
        }

        if (MaxFtpReplyBytes < MaxFtpReplyLineBytes)
        {
            yield return OptionRules.Broken($"must not be smaller than {nameof(MaxFtpReplyLineBytes)}.", nameof(MaxFtpReplyBytes));
        }
    }
}
