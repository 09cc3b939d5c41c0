namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// A remote command did not finish within <see cref="SshOptions.CommandTimeout"/>, or one SFTP request got no answer
/// within <see cref="SshOptions.SftpRequestTimeout"/>; the message names the setting.
/// </summary>
public sealed class SshCommandTimeoutException : TimeoutException
{
    public SshCommandTimeoutException(SshEndpoint endpoint, string operation, TimeSpan timeout, string setting = "Aloe:Ssh:CommandTimeout")
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{operation} on {endpoint?.Host}:{endpoint?.Port} (system {endpoint?.SystemId}) did not finish within " +
            $"{timeout.TotalSeconds:0.###} s ({setting})"))
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Timeout = timeout;
        SystemId = endpoint.SystemId;
        Block = endpoint.Block;
    }

    public TimeSpan Timeout { get; }

    /// <summary>The system whose host did not answer in time.</summary>
    public string SystemId { get; }

    /// <summary>The block of <see cref="SystemId"/> that was used.</summary>
    public SshBlock Block { get; }
}
