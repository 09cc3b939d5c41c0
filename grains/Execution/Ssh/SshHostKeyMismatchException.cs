namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>The server presented a host key other than the one on the system definition; the connection was refused.</summary>
public sealed class SshHostKeyMismatchException : Exception
{
    public SshHostKeyMismatchException(SshEndpoint endpoint, string presentedFingerprint)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SSH connection to {endpoint?.Host}:{endpoint?.Port} refused: the host key changed or is unknown " +
            $"(expected {SshHostKeyFingerprint.Display(endpoint?.HostKeyFingerprint ?? "")}, the server presented " +
            $"{SshHostKeyFingerprint.Display(presentedFingerprint)}); update hostKeyFingerprint of system " +
            $"{endpoint?.SystemId} if the change is expected."))
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        SystemId = endpoint.SystemId;
        ExpectedFingerprint = SshHostKeyFingerprint.Display(endpoint.HostKeyFingerprint);
        PresentedFingerprint = SshHostKeyFingerprint.Display(presentedFingerprint);
    }

    public string SystemId { get; }

    public string ExpectedFingerprint { get; }

    public string PresentedFingerprint { get; }
}
