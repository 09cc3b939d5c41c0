namespace AloeOrleans.Grains.Staging.Ftp;

/// <summary>What one FTP session may take: time per reply, per stall and per download, and the size of replies.</summary>
public sealed record FtpLimits(TimeSpan ReplyTimeout, TimeSpan IdleTimeout, TimeSpan TransferTimeout, int MaxReplyLineBytes, int MaxReplyBytes)
{
    public static FtpLimits From(StagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FtpLimits(options.FtpTimeout, options.IdleTimeout, options.FtpTransferTimeout, options.MaxFtpReplyLineBytes, options.MaxFtpReplyBytes);
    }
}
