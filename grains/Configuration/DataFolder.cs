using Microsoft.Extensions.Configuration;

namespace AloeOrleans.Grains.Configuration;

/// <summary>
/// The service's data folder: key files, the generated cluster CA, the embedded database's password and the roots of
/// LOCAL systems with a relative <c>rootDir</c>. Resolved here and nowhere else: <c>Aloe:DataDir</c>, else
/// <c>ALOE_DATA_DIR</c>, else <c>.aloe</c> under the working directory; <see cref="Path"/> is always absolute.
/// </summary>
public sealed class DataFolder
{
    public const string ConfigurationKey = "Aloe:DataDir";
    public const string EnvironmentVariable = "ALOE_DATA_DIR";
    public const string DefaultRelativePath = ".aloe";

    private DataFolder(string? configuredValue)
    {
        ConfiguredValue = configuredValue;
        Path = System.IO.Path.GetFullPath(configuredValue ?? DefaultRelativePath);
    }

    /// <summary>The absolute folder.</summary>
    public string Path { get; }

    /// <summary>The value as configured, or null when neither setting is present (the default applies).</summary>
    public string? ConfiguredValue { get; }

    /// <summary>True when the folder was configured as an absolute path, so it cannot move with the working directory.</summary>
    public bool IsConfiguredAbsolute => ConfiguredValue is not null && System.IO.Path.IsPathFullyQualified(ConfiguredValue);

    /// <summary>The folder a host's configuration names; environment variables count even when the configuration lacks them.</summary>
    public static DataFolder From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DataFolder(NonEmpty(configuration[ConfigurationKey])
            ?? NonEmpty(configuration[EnvironmentVariable])
            ?? NonEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)));
    }

    /// <summary>A data folder at <paramref name="path"/> (tests and tools that know it already).</summary>
    public static DataFolder At(string path) => new(NonEmpty(path) ?? throw new ArgumentException("The data folder path is empty.", nameof(path)));

    /// <summary>The path of <paramref name="fileName"/> inside the folder.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    public override string ToString() => Path;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
