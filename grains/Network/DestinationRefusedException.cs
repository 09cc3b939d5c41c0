namespace AloeOrleans.Grains.Network;

/// <summary>
/// The network policy refused a host before any connection was attempted. The message names the host, the class of
/// address it is (or resolves to) and the setting that would allow it; the address a name resolves to is not given,
/// so a refusal does not map internal names to internal addresses for whoever submitted them.
/// </summary>
public sealed class DestinationRefusedException : Exception
{
    /// <param name="subject">What the host is, for the message ("the SSH host 'h' of system 's'"); default "host 'h'".</param>
    public DestinationRefusedException(string host, AddressVerdict verdict, string settingName, string? subject = null)
        : base(Describe(host, verdict, settingName, subject ?? $"host '{host}'"))
    {
        Host = host;
        Verdict = verdict;
        SettingName = settingName;
    }

    public string Host { get; }

    public AddressVerdict Verdict { get; }

    public string SettingName { get; }

    private static string Describe(string host, AddressVerdict verdict, string settingName, string subject)
    {
        var isLiteral = System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _);
        var what = AddressClassifier.Describe(verdict.Class);
        var through = isLiteral && verdict.EmbeddedIPv4 is { } embedded ? $" (it carries the IPv4 address {embedded})" : "";
        return $"{subject} {(isLiteral ? "is" : "resolves to")} {what}{through}; the service does not connect there unless " +
               $"the operator allows that network in {settingName}";
    }
}
