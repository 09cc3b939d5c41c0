using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Silo.Hosting;

/// <summary>The settings that decide whether the service runs on the embedded development defaults.</summary>
public sealed record DeploymentSettings
{
    /// <summary><c>Aloe:Jwt:SigningKey</c> or <c>SigningKeyFile</c> is set (an HS256 key chosen by the operator).</summary>
    public bool HasExplicitSigningKey { get; init; }

    /// <summary><c>Aloe:Jwt:PublicKeys</c> has an entry or <c>Aloe:Jwt:JwksUri</c> is set (RS256/ES256 keys).</summary>
    public bool HasPublicKeys { get; init; }

    public string Issuer { get; init; } = JwtOptions.DevelopmentIssuer;

    public string Audience { get; init; } = JwtOptions.DevelopmentAudience;

    /// <summary>The seed files that will be loaded, as absolute paths (none when seeding is off).</summary>
    public IReadOnlyList<string> SeedFiles { get; init; } = [];

    /// <summary>The absolute path of the install's development seed catalog.</summary>
    public string DevelopmentSeedFile { get; init; } = "";

    /// <summary>The data folder as configured (null: not configured, so <c>./.aloe</c>).</summary>
    public string? DataFolder { get; init; }

    /// <summary>Reads them from the host's configuration, the way the service will.</summary>
    public static DeploymentSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var jwt = new JwtOptions();
        configuration.GetSection(JwtOptions.SectionName).Bind(jwt);
        var catalog = new CatalogSeedOptions();
        configuration.GetSection(CatalogSeedOptions.SectionName).Bind(catalog);
        return new DeploymentSettings
        {
            HasExplicitSigningKey = !string.IsNullOrWhiteSpace(jwt.SigningKey) || !string.IsNullOrWhiteSpace(jwt.SigningKeyFile),
            HasPublicKeys = configuration.GetSection($"{JwtOptions.SectionName}:PublicKeys").GetChildren().Any()
                || !string.IsNullOrWhiteSpace(configuration[$"{JwtOptions.SectionName}:JwksUri"]),
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            SeedFiles = catalog.EffectiveSeedFiles.Select(CatalogSeedOptions.Resolve).ToList(),
            DevelopmentSeedFile = CatalogSeedOptions.Resolve(CatalogSeedOptions.DevelopmentSeedFile),
            DataFolder = Grains.Configuration.DataFolder.From(configuration).ConfiguredValue,
        };
    }
}
