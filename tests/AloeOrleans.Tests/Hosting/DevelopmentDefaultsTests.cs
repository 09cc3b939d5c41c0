using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace AloeOrleans.Tests.Hosting;

/// <summary>Which development defaults a configuration still uses (refused outside Development), each named.</summary>
public sealed class DevelopmentDefaultsTests
{
    private const string DevSeed = "/opt/aloe/catalog/dev.json";

    private static readonly DeploymentSettings Production = new()
    {
        HasExplicitSigningKey = true,
        Issuer = "https://idp.example.org/",
        Audience = "aloe-jobs-prod",
        SeedFiles = ["/etc/aloe/catalog.json"],
        DevelopmentSeedFile = DevSeed,
        DataFolder = "/var/lib/aloe",
    };

    [Fact]
    public void A_production_configuration_uses_none()
    {
        Assert.Empty(DevelopmentDefaults.InUse(Production));
        Assert.Empty(DevelopmentDefaults.InUse(Production with { HasExplicitSigningKey = false, HasPublicKeys = true }));
        Assert.Empty(DevelopmentDefaults.InUse(Production with { SeedFiles = [] }));
    }

    [Fact]
    public void The_embedded_defaults_are_all_named_at_once()
    {
        var problems = DevelopmentDefaults.InUse(new DeploymentSettings { SeedFiles = [DevSeed], DevelopmentSeedFile = DevSeed });

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("Aloe:Jwt:SigningKey or Aloe:Jwt:SigningKeyFile", StringComparison.Ordinal)
                                             && problem.Contains("Aloe:Jwt:PublicKeys or Aloe:Jwt:JwksUri", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Aloe:Jwt:Issuer", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Aloe:Jwt:Audience", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Aloe:Catalog:SeedFiles", StringComparison.Ordinal)
                                             && problem.Contains("Aloe:Catalog:SeedEnabled=false", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Aloe:DataDir (or env ALOE_DATA_DIR)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(".aloe")]
    [InlineData("data/aloe")]
    [InlineData("~/aloe")]
    public void A_data_folder_that_is_not_an_absolute_path_is_refused(string? dataFolder)
    {
        var problem = Assert.Single(DevelopmentDefaults.InUse(Production with { DataFolder = dataFolder }));

        Assert.StartsWith("Aloe:DataDir", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_catalog_among_other_seed_files_is_refused()
    {
        var problem = Assert.Single(DevelopmentDefaults.InUse(Production with { SeedFiles = ["/etc/aloe/catalog.json", DevSeed] }));

        Assert.StartsWith("Aloe:Catalog:SeedFiles", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_read_as_the_service_reads_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aloe:Jwt:PublicKeys:0:Path"] = "/etc/aloe/idp.pem",
            ["Aloe:Jwt:Issuer"] = "https://idp.example.org/",
            ["Aloe:Catalog:SeedFiles:0"] = "catalog/dev.json",
            ["Aloe:Catalog:SeedEnabled"] = "false",
            ["Aloe:DataDir"] = "/var/lib/aloe",
        }).Build();

        var settings = DeploymentSettings.From(configuration);

        Assert.False(settings.HasExplicitSigningKey);
        Assert.True(settings.HasPublicKeys);
        Assert.Equal("https://idp.example.org/", settings.Issuer);
        Assert.Empty(settings.SeedFiles);
        Assert.Equal("/var/lib/aloe", settings.DataFolder);
        Assert.StartsWith("Aloe:Jwt:Audience:", Assert.Single(DevelopmentDefaults.InUse(settings)), StringComparison.Ordinal);
    }
}
