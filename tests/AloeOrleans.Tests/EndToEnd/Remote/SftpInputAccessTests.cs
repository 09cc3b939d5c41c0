using System.Net;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// <c>sftp://</c> inputs follow the file rule too (docs/security.md, "Files"): with the real sshd, a URL is resolved to
/// the registered SFTP system and its path under rootDir, and alice may read only her home (and shared paths) there:
/// another user's folder, a loose file of the root and an execution system's work dir are refused at submission.
/// </summary>
[NeedsServers]
public sealed class SftpInputAccessTests(RemoteServiceFixture fixture) : IClassFixture<RemoteServiceFixture>
{
    [Fact]
    public async Task An_sftp_input_outside_alices_home_on_a_registered_system_is_refused()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        await tenant.RegisterInputsSystemAsync();
        await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await tenant.DeployAsync(RemoteApps.Wc(RemoteServiceSettings.ForkSystem));
        var own = await tenant.PutSftpInputAsync("mine.txt", "one two three\n");
        var alsoOwn = await tenant.PutSftpInputAsync("also-mine.txt", "four five\n");
        var bobs = await tenant.PutSftpInputAsync("secret.txt", "bob's\n", folder: "bob");
        var workDir = $"{tenant.ExecutionRoot(RemoteServiceSettings.ForkSystem)}/work/{tenant.TenantId}/bob/job-1";
        await tenant.RunOkAsync($"mkdir -p '{workDir}' && echo running > '{workDir}/out.txt'");
        var refused = new (string Url, string Named)[]
        {
            (bobs, $"(path '/bob/secret.txt' on system {RemoteServiceSettings.InputsSystem}): ordinary users read only under their own home folder 'alice/'"),
            ($"sftp://{SshHost}:{SshPort}{tenant.InputsFolder}/bob",
                $"(path '/bob' on system {RemoteServiceSettings.InputsSystem})"),
            ($"sftp://{SshHost}:{SshPort}{tenant.InputsFolder}",
                $"it is the whole root of system {RemoteServiceSettings.InputsSystem}"),
            ($"sftp://{SshHost}:{SshPort}{workDir}/out.txt",
                $"the work dir 'work' of execution system {RemoteServiceSettings.ForkSystem}"),
        };

        foreach (var (url, named) in refused)
        {
            var response = await tenant.Jobs.SubmitAsync(new
            {
                name = "sftp-access", appId = "wc-1.0", archive = false, inputs = new { sftpInput = url, httpInput = own, ftpInput = alsoOwn },
            });

            Assert.True(response.Status == HttpStatusCode.Forbidden, $"{url}: {response}");
            Assert.StartsWith($"inputs.sftpInput: you may not read '{url}'", response.Message, StringComparison.Ordinal);
            Assert.Contains(named, response.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await RemoteJobs.InDatabaseAsync(fixture.Service, tenant.TenantId));
    }
}
