namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>The server presented a host key other than the one on the system definition; the connection was refused.</summary>
public sealed class SshHostKeyMismatchException : Exception
{
    public SshHostKeyMismatchException(SshEndpoint endpoint, string presentedFingerprint)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SSH connection to {endpoint?.Host}:{endpoint?.Port} refused: the host key changed or is unknown " +
            $"(expected {HostKeyFingerprints.Display(endpoint?.HostKeyFingerprint ?? "")}, the server presented " +
            $"{HostKeyFingerprints.Display(presentedFingerprint)}); update hostKeyFingerprint of system " +
            $"{endpoint?.SystemId} if the change is expected."))
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        SystemId = endpoint.SystemId;
        ExpectedFingerprint = HostKeyFingerprints.Display(endpoint.HostKeyFingerprint);
        PresentedFingerprint = HostKeyFingerprints.Display(presentedFingerprint);
    }

    public string SystemId { get; }

    public string ExpectedFingerprint { get; }

    public string PresentedFingerprint { get; }
}
