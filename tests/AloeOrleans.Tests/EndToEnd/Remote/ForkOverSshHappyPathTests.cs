using System.Globalization;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// wc-1.0 on a FORK system over SSH (a detached process on the SSH host) through the real service; app registration
/// reading the template from the system over SFTP.
/// </summary>
[NeedsServers]
public sealed class ForkOverSshHappyPathTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    private static readonly string[] ForkPath =
    [
        "ACCEPTED", "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "RUNNING",
        "CLEANING_UP", "ARCHIVING", "FINISHED",
    ];

    [Fact]
    public async Task Wc_with_sftp_http_and_ftp_inputs_runs_as_a_FORK_job_over_SSH_to_FINISHED_and_is_archived_over_SFTP()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);

        var job = await WcRemoteScenario.RunAsync(tenant, fixture.Files, RemoteServiceSettings.ForkSystem, "FORK");
        var id = Str(job, "id");
        output.WriteLine($"Job: {job}");

        // A forked process has no scheduler queue: straight from SUBMITTING to RUNNING.
        var statuses = Collapse(await tenant.Jobs.HistoryStatusesAsync(id));
        Assert.True(ForkPath.SequenceEqual(statuses), $"history {string.Join(", ", statuses)}");

        var remoteJobId = Str(job, "remoteJobId");
        Assert.True(int.TryParse(remoteJobId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1,
            $"remoteJobId {remoteJobId} is not the pid of the process on the SSH host");

        var ticks = MonitorTickLog.Read(fixture.Service, tenant.TenantId, RemoteServiceSettings.ForkSystem);
        output.WriteLine($"Monitor ticks logged for this tenant's {RemoteServiceSettings.ForkSystem}: {ticks.Count}: " +
                         string.Join("; ", ticks.Take(20)));
    }

    [Fact]
    public async Task An_app_whose_template_on_an_SFTP_system_evaluates_a_placeholder_is_refused_at_registration()
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        var app = RemoteApps.Sleep(RemoteServiceSettings.ForkSystem);
        await tenant.UploadTemplateAsync(app, "# sleeps twice as long\nsleep $(( ${seconds} * 2 ))\n");

        var refused = await tenant.Admin.PostAsync("apps/v2", app.Definition);

        Assert.True(refused.Status == System.Net.HttpStatusCode.BadRequest, refused.ToString());
        Assert.StartsWith("templatePath: sleep.sh line 2: ${seconds} is inside an arithmetic expansion $(( … ))", refused.Message, StringComparison.Ordinal);
    }
}
