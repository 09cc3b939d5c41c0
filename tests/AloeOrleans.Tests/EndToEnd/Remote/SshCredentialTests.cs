using System.Diagnostics;
using System.Text.RegularExpressions;
using AloeOrleans.Tests.Infrastructure.Remote;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// A system whose host key fingerprint or private key is wrong: the job fails soon with a message that says which,
/// and no private key text shows up in the job, its history or the service log.
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
    public async Task A_system_with_a_private_key_the_server_does_not_know_fails_the_job_with_an_authentication_message()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-e2e-key-");
        try
        {
            var unknownKey = await File.ReadAllTextAsync(RemoteTestEnvironment.NewUnknownPrivateKey(folder.FullName));
            var message = await SubmitAndExpectFailureAsync(hostKeyFingerprint: null, privateKey: unknownKey,
                [unknownKey, RemoteTestEnvironment.SshPrivateKeyText]);

            Assert.Matches(new Regex("authenticat|permission denied|refused", RegexOptions.IgnoreCase), message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Registers a Slurm system with the given credentials, submits a short job, expects FAILED in time; returns lastStatusMessage.</summary>
    private async Task<string> SubmitAndExpectFailureAsync(string? hostKeyFingerprint, string? privateKey, IReadOnlyList<string> secretKeys)
    {
        await using var tenant = await RemoteTestTenant.CreateAsync(fixture.Service);
        var system = RemoteServiceSettings.SlurmSystem;
        // Registering the app reads its template through the system, so the system is registered right, the app
        // deployed, and only then are the service's credentials made wrong.
        await tenant.RegisterExecutionSystemAsync(system, "SLURM");
        await tenant.DeployAsync(RemoteApps.Sleep(system));
        await tenant.ReplaceExecutionSystemAsync(system, "SLURM", hostKeyFingerprint, privateKey);

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

        // Not a line of any key may show: the job JSON, its history, the service log.
        var log = tenant.Service.LogTail(100_000);
        foreach (var line in secretKeys.SelectMany(KeyBodyLines))
        {
            Assert.DoesNotContain(line, job.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(line, history, StringComparison.Ordinal);
            Assert.DoesNotContain(line, log, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>The base64 lines between the BEGIN and END lines of a PEM/OpenSSH private key.</summary>
    private static IEnumerable<string> KeyBodyLines(string key) =>
        key.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 16);
}
