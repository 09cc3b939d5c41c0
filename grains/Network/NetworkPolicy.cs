using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AloeOrleans.Grains.Network;

/// <summary>
/// Which addresses the service may open connections to on a user's or tenant's behalf: every public address, and the
/// other classes (<see cref="AddressClass"/>: loopback, private, link-local, …) only inside the networks an operator
/// allows in <see cref="SettingName"/>. Pure: no I/O; resolving and connecting is <see cref="CheckedConnector"/>'s.
/// </summary>
public sealed class NetworkPolicy
{
    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];
    private readonly IPNetwork[] allowed;

    private NetworkPolicy(string settingName, IPNetwork[] allowed)
    {
        SettingName = settingName;
        this.allowed = allowed;
    }

    /// <summary>The configuration key of the allow-list, named in every refusal (e.g. <c>Aloe:Staging:AllowedNetworks</c>).</summary>
    public string SettingName { get; }

    public IReadOnlyList<IPNetwork> AllowedNetworks => allowed;

    /// <summary>
    /// A policy from the allow-list as configured: CIDR networks (<c>127.0.0.0/8</c>, <c>fd00::/8</c>) or single
    /// addresses, separated by commas or white space; null or empty allows no network beyond the public ones.
    /// </summary>
    /// <exception cref="FormatException">An entry is not a network; the message names the setting and every bad entry.</exception>
    public static NetworkPolicy Parse(string? networks, string settingName)
    {
        var (parsed, problems) = Read(networks);
        return problems.Count == 0
            ? new NetworkPolicy(settingName, parsed)
            : throw new FormatException($"{settingName} must be a comma-separated list of CIDR networks: {string.Join("; ", problems)}.");
    }

    /// <summary>What is wrong with the allow-list as configured, one message per bad entry; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(string? networks) => Read(networks).Problems;

    public AddressVerdict Check(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var addressClass = AddressClassifier.Classify(target, out var embedded);
        var isAllowed = addressClass == AddressClass.Public || Array.Exists(allowed, network => network.Contains(target));
        return new AddressVerdict(target, addressClass, embedded, isAllowed);
    }

    /// <summary>The allow-list for the start-up log: "127.0.0.0/8, ::1/128", or "none".</summary>
    public override string ToString() => allowed.Length == 0 ? "none" : string.Join(", ", allowed.Select(network => network.ToString()));

    private static (IPNetwork[] Networks, List<string> Problems) Read(string? networks)
    {
        var parsed = new List<IPNetwork>();
        var problems = new List<string>();
        foreach (var entry in (networks ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (ParseEntry(entry, out var network) is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                parsed.Add(network);
            }
        }

        return (parsed.ToArray(), problems);
    }

    private static string? ParseEntry(string entry, out IPNetwork network)
    {
        network = default;
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? entry : entry[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return $"'{entry}' is not an IP address or CIDR network";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return $"'{entry}' is an IPv4-mapped IPv6 network: write it as IPv4 (such addresses are checked as the IPv4 addresses they are)";
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return $"'{entry}' has no prefix length between 0 and {maxPrefix}";
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return network.BaseAddress.Equals(address)
            ? null
            : $"'{entry}' has address bits set beyond its prefix length (the network is {network})";
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
