using System.Reflection;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>The <c>version</c> of every envelope: the assembly's informational version without the source hash.</summary>
public static class ServiceVersion
{
    public static string Value { get; } = Read();

    private static string Read()
    {
        var assembly = typeof(ServiceVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
