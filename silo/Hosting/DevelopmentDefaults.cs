using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// The embedded defaults that make the service easy to try and unsafe to run for real: outside the Development
/// environment the service refuses to start on any of them, naming what to set (docs/security.md).
/// </summary>
public static class DevelopmentDefaults
{
    /// <summary>One line per development default still in use, each naming the setting(s) that replace it.</summary>
    public static IReadOnlyList<string> InUse(DeploymentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var jwt = JwtOptions.SectionName;
        var problems = new List<string>();
        if (!settings.HasExplicitSigningKey && !settings.HasPublicKeys)
        {
            problems.Add($"{jwt}:SigningKey or {jwt}:SigningKeyFile (HS256), or {jwt}:PublicKeys or {jwt}:JwksUri (RS256/ES256): " +
                $"tokens would be checked against the key generated in the data folder ({SigningKeyResolver.DefaultFileName}).");
        }

        if (string.Equals(settings.Issuer, JwtOptions.DevelopmentIssuer, StringComparison.Ordinal))
        {
            problems.Add($"{jwt}:Issuer: '{JwtOptions.DevelopmentIssuer}' is the development issuer; set your identity provider's.");
        }

        if (string.Equals(settings.Audience, JwtOptions.DevelopmentAudience, StringComparison.Ordinal))
        {
            problems.Add($"{jwt}:Audience: '{JwtOptions.DevelopmentAudience}' is the development audience; set this deployment's.");
        }

        if (settings.SeedFiles.Any(file => string.Equals(file, settings.DevelopmentSeedFile, StringComparison.Ordinal)))
        {
            problems.Add($"{CatalogSeedOptions.SectionName}:SeedFiles: {CatalogSeedOptions.DevelopmentSeedFile} is the development catalog; " +
                $"list your own seed files or set {CatalogSeedOptions.SectionName}:SeedEnabled=false.");
        }

        if (settings.DataFolder is null || !Path.IsPathFullyQualified(settings.DataFolder))
        {
            problems.Add($"{DataFolder.ConfigurationKey} (or env {DataFolder.EnvironmentVariable}): the data folder must be an absolute path, " +
                $"not {(settings.DataFolder is null ? $"the default ./{DataFolder.DefaultRelativePath}" : "a relative one")}.");
        }

        return problems;
    }
}
