using System.Diagnostics;
using System.Text.RegularExpressions;
using AloeOrleans.Tests.Infrastructure.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// A system whose host key fingerprint is wrong: the job fails soon with a message that says so. A private key the
/// server refuses: the job is BLOCKED (SSH_AUTHENTICATION_FAILED) and resumes when the admin fixes the credential, or
/// fails when the recovery policy gives up (short in these tests, <see cref="RemoteServiceSettings"/>). No private key
/// text ever shows up in the job, its history or the service log.
/// </summary>
[NeedsServers]
public sealed class SshCredentialTests(RemoteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<RemoteServiceFixture>
{
    /// <summary>Connect timeouts and retries included: a refused connection must not leave the job hanging.</summary>
    private static readonly TimeSpan FailWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_system_with_the_wrong_host_key_fingerprint_fails_the_job_with_a_host_key_message()
    {
        var fingerprint = RemoteSystemBodies.OtherHostKeyFingerprint();
        var message = await SubmitAndExpectFailureAsync(hostKeyFingerprint: fingerprint, privateKey: null,
            [RemoteTestEnvironment.SshPrivateKeyText]);

        Assert.Matches(new Regex("host key", RegexOptions.IgnoreCase), message);
    }

    [Fact]
    public async Task A_private_key_the_server_refuses_blocks_the_job_until_the_policy_gives_up_then_it_fails_naming_the_condition()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-e2e-key-");
        try
        {
            var unknownKey = await File.ReadAllTextAsync(RemoteTestEnvironment.NewUnknownPrivateKey(folder.FullName));
            var message = await SubmitAndExpectFailureAsync(hostKeyFingerprint: null, privateKey: unknownKey,
                [unknownKey, RemoteTestEnvironment.SshPrivateKeyText]);

            Assert.Contains($"SSH_AUTHENTICATION_FAILED did not clear within", message, StringComparison.Ordinal);
            Assert.Contains($"({RemoteServiceSettings.AuthRetryAttempts} test(s)", message, StringComparison.Ordinal);
            Assert.Matches(new Regex("authenticat|permission denied|refused", RegexOptions.IgnoreCase), message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_private_key_the_server_refuses_blocks_the_job_and_fixing_the_systems_credential_resumes_it_to_FINISHED()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-e2e-key-");
        try
        {
            var unknownKey = await File.ReadAllTextAsync(RemoteTestEnvironment.NewUnknownPrivateKey(folder.FullName));
            await using var tenant = await WrongCredentialTenantAsync(hostKeyFingerprint: null, unknownKey);
            var id = await tenant.Jobs.SubmitOkAsync(new { name = "fixed-credentials", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } });
            await tenant.Jobs.WaitForStatusAsync(id, status => status == "BLOCKED" || JobsClient.TerminalStatuses.Contains(status), FailWithin, "BLOCKED");
            var blocked = await GetAsync(tenant.Jobs, id);
            Assert.True(Str(blocked, "status") == "BLOCKED", $"job {id}: {await tenant.Jobs.DescribeHistoryAsync(id)}");
            Assert.StartsWith("blocked: SSH_AUTHENTICATION_FAILED, ", Str(blocked, "lastStatusMessage"), StringComparison.Ordinal);

            // The admin fixes the credential through /systems/v2; the next test of the recovery group passes.
            await tenant.ReplaceExecutionSystemAsync(RemoteServiceSettings.SlurmSystem, "SLURM", hostKeyFingerprint: null, privateKey: null);
            var final = await tenant.Jobs.WaitForTerminalAsync(id, FailWithin);

            var history = await tenant.Jobs.DescribeHistoryAsync(id);
            output.WriteLine(history);
            Assert.True(final == "FINISHED", $"job {id} ended {final}: {history}\n{tenant.Service.Diagnostics()}");
            var statuses = Collapse(await tenant.Jobs.HistoryStatusesAsync(id));
            var blockedAt = statuses.ToList().IndexOf("BLOCKED");
            Assert.True(blockedAt > 0 && statuses[blockedAt + 1] == statuses[blockedAt - 1], $"history {string.Join(", ", statuses)}");
            Assert.Contains("unblocked: SSH_AUTHENTICATION_FAILED cleared", history, StringComparison.Ordinal);
            var job = await GetAsync(tenant.Jobs, id);
            Assert.Equal(1, job.GetProperty("blockedCount").GetInt32());
            Assert.Equal(1, job.GetProperty("submitRetries").GetInt32());
            AssertNoKeyShows(tenant, job, history, [unknownKey, RemoteTestEnvironment.SshPrivateKeyText]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A tenant with the Slurm system and the sleep app, the system's credentials then made wrong.</summary>
    private async Task<RemoteTestTenant> WrongCredentialTenantAsync(string? hostKeyFingerprint, string? privateKey)
    {
        var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        var system = RemoteServiceSettings.SlurmSystem;
        // Registering the app reads its template through the system, so the system is registered right, the app
        // deployed, and only then are the service's credentials made wrong.
        await tenant.RegisterExecutionSystemAsync(system, "SLURM");
        await tenant.DeployAsync(RemoteApps.Sleep(system));
        await tenant.ReplaceExecutionSystemAsync(system, "SLURM", hostKeyFingerprint, privateKey);
        return tenant;
    }

    /// <summary>Registers a Slurm system with the given credentials, submits a short job, expects FAILED in time; returns lastStatusMessage.</summary>
    private async Task<string> SubmitAndExpectFailureAsync(string? hostKeyFingerprint, string? privateKey, IReadOnlyList<string> secretKeys)
    {
        await using var tenant = await WrongCredentialTenantAsync(hostKeyFingerprint, privateKey);
        var clock = Stopwatch.StartNew();
        var id = await tenant.Jobs.SubmitOkAsync(new { name = "bad-credentials", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } });
        var final = await tenant.Jobs.WaitForTerminalAsync(id, FailWithin);
        var elapsed = clock.Elapsed;

        var history = await tenant.Jobs.DescribeHistoryAsync(id);
        Assert.True(final == "FAILED", $"job {id} ended {final}: {history}");
        var job = await GetAsync(tenant.Jobs, id);
        var message = Str(job, "lastStatusMessage");
        output.WriteLine($"FAILED after {elapsed.TotalSeconds:0.0} s: {message}\nHistory: {history}");
        Assert.DoesNotContain("RUNNING", await tenant.Jobs.HistoryStatusesAsync(id));
        AssertNoKeyShows(tenant, job, history, secretKeys);
        return message;
    }

    /// <summary>Not a line of any key may show: the job JSON, its history, the service log.</summary>
    private static void AssertNoKeyShows(RemoteTestTenant tenant, System.Text.Json.JsonElement job, string history, IReadOnlyList<string> secretKeys)
    {
        var log = tenant.Service.LogTail(100_000);
        foreach (var line in secretKeys.SelectMany(KeyBodyLines))
        {
            Assert.DoesNotContain(line, job.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(line, history, StringComparison.Ordinal);
            Assert.DoesNotContain(line, log, StringComparison.Ordinal);
        }
    }

    /// <summary>The base64 lines between the BEGIN and END lines of a PEM/OpenSSH private key.</summary>
    private static IEnumerable<string> KeyBodyLines(string key) =>
        key.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 16);
}
