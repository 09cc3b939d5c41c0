using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.AgaveCli;

/// <summary>
/// The public Agave command-line client's job commands, run unchanged against the real service and PostgreSQL
/// (docs/api.md, "The Agave command-line client"). Each command's printout is checked against what the API says, read
/// separately through <see cref="JobsClient"/>. Users are named per test so lists hold only the test's own jobs.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed partial class AgaveCliJobCommandsTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [AgaveCliFact]
    public async Task Submit_list_status_history_resubmit_hide_and_unhide_work_from_the_client()
    {
        var user = Unique("carol");
        using var cli = new AgaveCliClient(fixture.Service, E2eCatalog.Tenant, user);
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);

        var id = await SubmitAsync(cli, new { name = "from-cli", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "cli" } });
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        Assert.Equal([$"{id} FINISHED"], (await Ok(cli, "jobs-list")).Lines);
        Assert.Equal(["FINISHED"], (await Ok(cli, "jobs-status", id)).Lines);
        var history = await api.GetHistoryAsync(id);
        var descriptions = history.Result.EnumerateArray().Select(item => item.GetProperty("description").GetString()!.Trim()).ToList();
        Assert.NotEmpty(descriptions);
        Assert.Equal(descriptions, (await Ok(cli, "jobs-history", id)).Lines);

        var resubmitted = ResubmittedAs().Match((await Ok(cli, "jobs-resubmit", id)).Output);
        Assert.True(resubmitted.Success, "jobs-resubmit names the new job");
        Assert.Equal(id, resubmitted.Groups["old"].Value);
        var copy = resubmitted.Groups["new"].Value;
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(copy, JobTimeout));
        Assert.Equal(
            new[] { $"{copy} FINISHED", $"{id} FINISHED" }.Order(StringComparer.Ordinal),
            (await Ok(cli, "jobs-list")).Lines.Order(StringComparer.Ordinal));

        Assert.Equal([$"Successfully hid job {id}"], (await Ok(cli, "jobs-hide", id)).Lines);
        Assert.Equal([$"{copy} FINISHED"], (await Ok(cli, "jobs-list")).Lines);
        var hiddenStatus = await cli.RunAsync("jobs-status", id);
        Assert.NotEqual(0, hiddenStatus.ExitCode);
        Assert.Contains(id, hiddenStatus.Errors, StringComparison.Ordinal);

        Assert.Contains($"Successfully restored job {id}", (await Ok(cli, "jobs-unhide", id)).Output, StringComparison.Ordinal);
        Assert.Equal(["FINISHED"], (await Ok(cli, "jobs-status", id)).Lines);
        Assert.Equal(2, (await Ok(cli, "jobs-list")).Lines.Count);
    }

    [AgaveCliFact]
    public async Task Stop_cancels_a_running_job_from_the_client()
    {
        var user = Unique("dave");
        using var cli = new AgaveCliClient(fixture.Service, E2eCatalog.Tenant, user);
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await SubmitAsync(cli, new { name = "to-stop", appId = E2eCatalog.SleepApp, archive = false });
        await api.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

        Assert.Equal([$"Successfully stopped job {id}"], (await Ok(cli, "jobs-stop", id)).Lines);
        Assert.Equal("STOPPED", await api.WaitForTerminalAsync(id, JobTimeout));
        Assert.Equal(["STOPPED"], (await Ok(cli, "jobs-status", id)).Lines);
    }

    [AgaveCliFact]
    public async Task Pems_list_and_update_share_a_job_and_take_it_back_from_the_client()
    {
        var (owner, reader) = (Unique("erin"), Unique("frank"));
        using var cli = new AgaveCliClient(fixture.Service, E2eCatalog.Tenant, owner);
        using var readerCli = new AgaveCliClient(fixture.Service, E2eCatalog.Tenant, reader);
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, owner);
        var id = await SubmitAsync(cli, new { name = "shared", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        Assert.Equal([$"{owner} READ WRITE"], (await Ok(cli, "jobs-pems-list", id)).Lines);
        Assert.NotEqual(0, (await readerCli.RunAsync("jobs-status", id)).ExitCode);

        Assert.Equal([$"Successfully updated permission for {reader}"], (await Ok(cli, "jobs-pems-update", "-u", reader, "-p", "READ", id)).Lines);
        Assert.Equal([$"{owner} READ WRITE", $"{reader} READ"], (await Ok(cli, "jobs-pems-list", id)).Lines);
        Assert.Equal(["FINISHED"], (await Ok(readerCli, "jobs-status", id)).Lines);
        Assert.Equal([$"{id} FINISHED"], (await Ok(readerCli, "jobs-list")).Lines);
        var refused = await readerCli.RunAsync("jobs-hide", id);
        Assert.NotEqual(0, refused.ExitCode);

        await Ok(cli, "jobs-pems-update", "-u", reader, "-p", "NONE", id);
        Assert.Equal([$"{owner} READ WRITE"], (await Ok(cli, "jobs-pems-list", id)).Lines);
        Assert.NotEqual(0, (await readerCli.RunAsync("jobs-status", id)).ExitCode);
        Assert.Empty((await Ok(readerCli, "jobs-list")).Lines);
    }

    [AgaveCliFact]
    public async Task Search_output_list_and_output_get_work_from_the_client()
    {
        var user = Unique("erin");
        using var cli = new AgaveCliClient(fixture.Service, E2eCatalog.Tenant, user);
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await SubmitAsync(cli, new { name = "cli-outputs", appId = E2eCatalog.OutputsApp, archive = false, parameters = new { seconds = "0" } });
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        Assert.Equal([$"{id} FINISHED"], (await Ok(cli, "jobs-search", "name.like=cli-out*", "status.eq=FINISHED")).Lines);
        Assert.Empty((await Ok(cli, "jobs-search", "status.eq=RUNNING")).Lines);

        Assert.Equal(["big.dat", "deep"], (await Ok(cli, "jobs-output-list", id, "out")).Lines);
        Assert.Contains("hello.txt", (await Ok(cli, "jobs-output-list", id)).Lines);

        await Ok(cli, "jobs-output-get", id, "hello.txt");
        Assert.Equal(Outputs.OutputTree.Hello, await File.ReadAllTextAsync(Path.Combine(cli.WorkingFolder, "hello.txt")));
        await Ok(cli, "jobs-output-get", "-R", "0-4", "-N", "part.txt", id, "hello.txt");
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(cli.WorkingFolder, "part.txt")));
        Assert.Equal("hello outputs", (await Ok(cli, "jobs-output-get", "-P", id, "hello.txt")).Output.Trim());
    }

    private static async Task<string> SubmitAsync(AgaveCliClient cli, object body)
    {
        var file = Path.Combine(cli.WorkingFolder, $"job-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(body));
        var submitted = Submitted().Match((await Ok(cli, "jobs-submit", "-F", file)).Output);
        Assert.True(submitted.Success, "jobs-submit names the new job");
        return submitted.Groups["id"].Value;
    }

    private static async Task<AgaveCliResult> Ok(AgaveCliClient cli, string command, params string[] arguments)
    {
        var result = await cli.RunAsync(command, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string Unique(string name) => $"{name}{Guid.NewGuid():N}"[..16];

    [GeneratedRegex(@"Successfully submitted job (?<id>[0-9a-f-]{36})")]
    private static partial Regex Submitted();

    [GeneratedRegex(@"Successfully resubmitted job (?<old>[0-9a-f-]{36}) as (?<new>[0-9a-f-]{36})")]
    private static partial Regex ResubmittedAs();
}
