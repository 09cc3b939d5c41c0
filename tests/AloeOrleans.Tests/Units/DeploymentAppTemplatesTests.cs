using System.Text;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>Reading an app's template from a LOCAL deployment system (SFTP is exercised by the remote end-to-end tests, which register apps).</summary>
public sealed class DeploymentAppTemplatesTests : IDisposable
{
    private static readonly SystemDefinition Store = new()
    {
        Id = "store",
        Type = SystemType.STORAGE,
        Storage = new SystemStorage { Protocol = "LOCAL", RootDir = "store" },
        OperatorDefined = true,
    };

    private readonly TempFolder temp = new();
    private readonly SystemAccess access;
    private readonly DeploymentAppTemplates templates;

    public DeploymentAppTemplatesTests()
    {
        access = TestSystemAccess.Create(temp.Path);
        templates = new DeploymentAppTemplates(access, Options.Create(new ExecutionOptions { MaxTemplateBytes = 64 }));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Reads_deployment_path_slash_template_path_as_utf8_without_a_byte_order_mark()
    {
        await WriteAsync("apps/wc-1.0/wc.sh", "\uFEFFwc -l < ${inputFile} # zürich\n");

        Assert.Equal("wc -l < ${inputFile} # zürich\n", await templates.ReadAsync("dev", App("apps/wc-1.0", "wc.sh"), Store, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_template_is_unavailable_naming_system_path_and_app()
    {
        var missing = await Assert.ThrowsAsync<AppTemplateUnavailableException>(() =>
            templates.ReadAsync("dev", App("apps/wc-1.0", "wc.sh"), Store, CancellationToken.None));

        Assert.Equal("The template store:apps/wc-1.0/wc.sh of app wc-1.0 does not exist", missing.Message);
    }

    [Fact]
    public async Task A_folder_is_not_a_template()
    {
        await WriteAsync("apps/wc-1.0/wc.sh/inside", "x");

        var folder = await Assert.ThrowsAsync<AppTemplateUnavailableException>(() =>
            templates.ReadAsync("dev", App("apps/wc-1.0", "wc.sh"), Store, CancellationToken.None));

        Assert.Contains("is not a regular file", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_larger_than_the_limit_is_not_read()
    {
        await WriteAsync("apps/wc-1.0/wc.sh", new string('#', 65));

        var large = await Assert.ThrowsAsync<AppTemplateUnavailableException>(() =>
            templates.ReadAsync("dev", App("apps/wc-1.0", "wc.sh"), Store, CancellationToken.None));

        Assert.Contains("is larger than 64 bytes (Aloe:Execution:MaxTemplateBytes)", large.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_path_leaving_the_root_is_unavailable()
    {
        temp.File("secret.sh", "outside");

        var outside = await Assert.ThrowsAsync<AppTemplateUnavailableException>(() =>
            templates.ReadAsync("dev", App("apps", "../../secret.sh"), Store, CancellationToken.None));

        Assert.StartsWith("The template store:apps/../../secret.sh of app wc-1.0 cannot be read: ", outside.Message, StringComparison.Ordinal);
    }

    private static AppDefinition App(string deploymentPath, string templatePath) => new()
    {
        Id = "wc-1.0",
        ExecutionSystem = "local",
        DeploymentSystem = "store",
        DeploymentPath = deploymentPath,
        TemplatePath = templatePath,
    };

    /// <summary>Through the system's own files, so the test does not depend on where LOCAL roots lie on this host.</summary>
    private async Task WriteAsync(string relative, string text)
    {
        var files = access.FilesOf("dev", Store);
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await files.WriteAsync(await files.ResolveAsync(relative, CancellationToken.None), content, CancellationToken.None);
    }
}
