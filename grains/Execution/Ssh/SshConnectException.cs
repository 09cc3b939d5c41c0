namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// A connection could not be opened (unreachable, refused, timed out) or was lost during an operation. The inner
/// exception, when present, comes from the network or SSH layer and holds no credential.
/// </summary>
public sealed class SshConnectException : Exception
{
    public SshConnectException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
