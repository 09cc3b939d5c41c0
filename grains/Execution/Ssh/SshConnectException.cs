namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// A connection could not be opened (unreachable, refused, timed out) or was lost during an operation. The inner
/// exception, when present, comes from the network or SSH layer and holds no credential. <see cref="SystemId"/> and
/// <see cref="Block"/> say which system's host failed, when known, so a recovery test can try that host again.
/// </summary>
public sealed class SshConnectException : Exception
{
    public SshConnectException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public SshConnectException(SshEndpoint endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        SystemId = endpoint.SystemId;
        Block = endpoint.Block;
    }

    /// <summary>The system whose host could not be reached; null when the failure did not say.</summary>
    public string? SystemId { get; }

    /// <summary>The block of <see cref="SystemId"/> that was used; null when the failure did not say.</summary>
    public SshBlock? Block { get; }
}
