namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>A remote command or SFTP transfer did not finish within <see cref="SshOptions.CommandTimeout"/>.</summary>
public sealed class SshCommandTimeoutException : TimeoutException
{
    public SshCommandTimeoutException(SshEndpoint endpoint, string operation, TimeSpan timeout)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{operation} on {endpoint?.Host}:{endpoint?.Port} (system {endpoint?.SystemId}) did not finish within " +
            $"{timeout.TotalSeconds:0.###} s (Aloe:Ssh:CommandTimeout)"))
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }
}
