using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Staging;

/// <summary>Tunables of input transfers (section <c>Aloe:Staging</c>).</summary>
public sealed class StagingOptions
{
    public const string SectionName = "Aloe:Staging";

    /// <summary>Longest a single HTTP transfer may take. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest wait for any one FTP reply or connection (not the whole transfer). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Copy buffer size in bytes; transfers stream, never holding a whole file in memory. Default 80 KiB.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int BufferSize { get; set; } = 81920;
}
