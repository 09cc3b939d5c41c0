using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Staging;
using Xunit;

namespace AloeOrleans.Tests.Staging;

/// <summary>Which registered system and path an input names: the one lookup shared by the submission check and staging.</summary>
public sealed class InputLocatorTests
{
    private static readonly SystemDefinition DefaultStorage = new() { Id = "store", Type = SystemType.STORAGE, Default = true };

    private static readonly SystemDefinition Archive = new() { Id = "archive", Type = SystemType.STORAGE };

    private static readonly SystemDefinition Cluster = Sftp("cluster", "/home/aloe/data", port: 2222, user: "aloe");

    private static readonly SystemDefinition WholeHost = Sftp("whole", "/", port: 0, user: "other");

    private static readonly TenantCatalog Tenant = new(DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(),
        new[] { DefaultStorage, Archive, Cluster, WholeHost }.ToDictionary(system => system.Id, StringComparer.Ordinal));

    [Theory]
    [InlineData("alice/in.txt", "store", "alice/in.txt")]
    [InlineData("/alice/in.txt", "store", "/alice/in.txt")]
    [InlineData("agave://archive/bob/x", "archive", "bob/x")]
    [InlineData("agave://archive", "archive", "")]
    [InlineData("sftp://hpc.example.org:2222/home/aloe/data/alice/in.txt", "cluster", "/alice/in.txt")]
    [InlineData("sftp://aloe@HPC.example.org:2222/home/aloe/data", "cluster", "/")]
    [InlineData("sftp://hpc.example.org:2222/home/aloe/./data/alice//in.txt", "cluster", "/alice/in.txt")]
    [InlineData("sftp://hpc.example.org:2222/home/aloe/data/alice/%2E%2E/bob/x", "cluster", "/bob/x")]
    [InlineData("sftp://hpc.example.org/etc/passwd", "whole", "etc/passwd")]
    [InlineData("sftp://other@hpc.example.org:22/home/aloe/data/x", "whole", "home/aloe/data/x")]
    public void A_path_on_a_registered_system_is_found(string value, string systemId, string path)
    {
        var location = InputLocator.Locate(InputSource.Parse(value), "dev", Tenant, null);

        Assert.Null(location.Problem);
        Assert.Equal(systemId, location.System?.Id);
        Assert.Equal(path, location.Path);
    }

    [Theory]
    [InlineData("http://files.example.org/x")]
    [InlineData("https://files.example.org/x")]
    [InlineData("ftp://files.example.org/x")]
    [InlineData("irods://zone/x")]
    public void A_url_of_another_kind_is_not_on_a_system(string value) =>
        Assert.Same(InputLocation.NotOnASystem, InputLocator.Locate(InputSource.Parse(value), "dev", Tenant, null));

    [Theory]
    [InlineData("agave://nowhere/x", "system 'nowhere' does not exist in tenant dev")]
    [InlineData("sftp://hpc.example.org:2200/home/aloe/data/x", "no SFTP system of tenant dev on hpc.example.org:2200 has /home/aloe/data/x under its rootDir")]
    [InlineData("sftp://mallory@hpc.example.org:2222/home/aloe/data/x", "no SFTP system of tenant dev on hpc.example.org:2222 for user mallory")]
    public void A_system_the_tenant_does_not_have_is_a_problem(string value, string problem)
    {
        var location = InputLocator.Locate(InputSource.Parse(value), "dev", Tenant, null);

        Assert.Null(location.System);
        Assert.Contains(problem, location.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_path_needs_a_default_storage_system()
    {
        var tenant = Tenant with { Systems = new Dictionary<string, SystemDefinition> { ["archive"] = Archive } };

        var location = InputLocator.Locate(InputSource.Parse("alice/in.txt"), "dev", tenant, null);

        Assert.Equal("a plain path lies on the app's storage system or the tenant's default storage, and tenant dev has neither; use agave://<systemId>/<path>",
            location.Problem);
    }

    [Theory]
    [InlineData("archive", "archive")]
    [InlineData("cluster", "cluster")]
    [InlineData(null, "store")]
    public void A_plain_path_lies_on_the_apps_storage_system(string? deploymentSystem, string systemId)
    {
        var app = new AppDefinition { Id = "wc-1.0", ExecutionSystem = "hpc", TemplatePath = "wc.sh", DeploymentSystem = deploymentSystem };

        var location = InputLocator.Locate(InputSource.Parse("alice/in.txt"), "dev", Tenant, app);

        Assert.Equal(systemId, location.System?.Id);
        Assert.Equal("alice/in.txt", location.Path);
        Assert.Equal("archive", InputLocator.Locate(InputSource.Parse("agave://archive/x"), "dev", Tenant, app).System?.Id);
    }

    [Fact]
    public void An_app_deployed_from_an_execution_system_reads_plain_paths_on_the_default_storage()
    {
        var hpc = new SystemDefinition { Id = "hpc", Type = SystemType.EXECUTION, Login = new SystemLogin { Protocol = "SSH" } };
        var tenant = Tenant with { Systems = new Dictionary<string, SystemDefinition>(Tenant.Systems) { ["hpc"] = hpc } };
        var app = new AppDefinition { Id = "wc-1.0", ExecutionSystem = "hpc", TemplatePath = "wc.sh", DeploymentSystem = "hpc" };

        Assert.Equal("store", InputLocator.Locate(InputSource.Parse("alice/in.txt"), "dev", tenant, app).System?.Id);
        Assert.Equal("store", InputLocator.RelativeInputSystem(app with { DeploymentSystem = "deleted" }, tenant)?.Id);
    }

    private static SystemDefinition Sftp(string id, string rootDir, int port, string user) => new()
    {
        Id = id,
        Type = SystemType.STORAGE,
        Storage = new SystemStorage
        {
            Protocol = "SFTP",
            Host = "hpc.example.org",
            Port = port,
            RootDir = rootDir,
            Auth = new SystemAuth { Username = user },
        },
    };
}
