using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// A LOCAL job cannot read the service's secrets, forge what the service trusts, or outgrow its limits
/// (docs/security.md): over HTTP against the real service, running as root as in CI.
/// </summary>
[NeedsServers]
[SupportedOSPlatform("linux")]
public sealed class LocalJobIsolationTests(LocalJobServiceFixture fixture) : IClassFixture<LocalJobServiceFixture>
{
    private const string RunAsUser = "aloe-job";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    // What bash itself adds to the environment it was given.
    private static readonly string[] ShellVariables = ["PWD", "SHLVL", "_"];

    [Fact]
    public async Task A_local_job_sees_only_its_allow_listed_environment_runs_as_the_run_as_user_and_cannot_read_or_forge_the_services_files()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var credentialKey = Path.Combine(service.DataDir, "credential.key");
        var jwtKey = Path.Combine(service.DataDir, "jwt-signing.key");
        Assert.True(File.Exists(credentialKey) && File.Exists(jwtKey), "The key files the probe tries to read do not exist.");

        var id = await alice.SubmitOkAsync(new
        {
            name = "probe", appId = LocalJobSeed.ProbeApp, archive = true, archivePath = "", maxRunTime = "00:05:00",
            inputs = new { data = fixture.Files.Add($"probe-{Guid.NewGuid():N}.txt", "abc"u8.ToArray()) },
            parameters = new { jwtKey, credentialKey, environ = $"/proc/{service.ProcessId}/environ" },
        });
        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");
        var workDir = LocalLayout.WorkDir(service.DataDir, "alice", id);
        string Read(string file) => File.ReadAllText(Path.Combine(workDir, file)).Trim();

        // The environment: the allow-list and nothing of the service's.
        var environment = File.ReadAllLines(Path.Combine(workDir, "env.txt"))
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(["HOME", "LANG", "PATH", .. ShellVariables.Order(StringComparer.Ordinal)],
            environment.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(workDir, environment["HOME"]);
        Assert.Equal("/usr/local/bin:/usr/bin:/bin", environment["PATH"]);

        // Limits: CPU time = maxRunTime × processors, the configured processes and file size (ulimit -f counts KiB).
        Assert.Equal("300", Read("limit-cpu.txt"));
        Assert.Equal("10000", Read("limit-nproc.txt"));
        Assert.Equal((LocalJobServiceFixture.MaxFileSizeMb * 1024).ToString(CultureInfo.InvariantCulture), Read("limit-fsize.txt"));

        // The control folder: pid and exit code are the wrapper's, whatever the job tried.
        Assert.Equal("denied", Read("forge-pid.txt"));
        Assert.Equal("denied", Read("move-control.txt"));
        var job = (await alice.GetJobAsync(id)).Result;
        Assert.Equal(job.GetProperty("remoteJobId").GetString(), File.ReadAllText(Path.Combine(workDir, ".aloe", "pid")).Trim());

        Assert.True(Environment.IsPrivilegedProcess, "These tests run as root, as CI does: the run-as user is what they check.");
        var (uid, gid) = await RunAsIdsAsync();
        Assert.Equal(uid.ToString(CultureInfo.InvariantCulture), Read("uid.txt"));
        Assert.Equal("denied", Read("read-jwt-key.txt"));
        Assert.Equal("denied", Read("read-credential-key.txt"));
        Assert.Equal("denied", Read("read-environ.txt"));

        // Modes: the work dir is root's, shared with the run-as group only, sticky; what is in it is the job's, owner-only.
        Assert.Equal("1770 0", Read("stat-workdir.txt"));
        Assert.Equal($"600 {uid}", Read("stat-input.txt"));
        Assert.Equal($"600 {uid}", Read("stat-output.txt"));
        Assert.Equal(UnixFileMode.StickyBit | OwnerAll | GroupAll, File.GetUnixFileMode(workDir));
        Assert.Equal(gid, await GroupOfAsync(workDir));
        Assert.Equal(OwnerAll | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(Path.Combine(workDir, ".aloe")));

        // The archive and the folders above it: owner-only, the roots and the data folder pass-through only.
        var archive = LocalLayout.Archive(service.DataDir, "alice", id);
        Assert.Equal(OwnerAll, File.GetUnixFileMode(archive));
        Assert.Equal(OwnerAll, File.GetUnixFileMode(Path.Combine(LocalLayout.Storage(service.DataDir), "alice")));
        Assert.All(Directory.EnumerateFiles(archive, "*", SearchOption.AllDirectories),
            file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
        Assert.Contains("env.txt", Directory.EnumerateFiles(archive).Select(Path.GetFileName));
        foreach (var passThrough in new[] { service.DataDir, LocalLayout.Storage(service.DataDir), LocalLayout.Execution(service.DataDir) })
        {
            Assert.Equal(OwnerAll | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(passThrough));
        }
    }

    [Fact]
    public async Task A_local_job_writing_past_the_file_size_limit_fails_and_its_file_stops_at_the_limit()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");

        var id = await alice.SubmitOkAsync(new
        {
            name = "bigfile", appId = LocalJobSeed.BigFileApp, archive = false,
            parameters = new { bytes = LocalJobSeed.BigFileBytes.ToString(CultureInfo.InvariantCulture) },
        });

        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FAILED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");
        var written = new FileInfo(Path.Combine(LocalLayout.WorkDir(service.DataDir, "alice", id), "big.bin")).Length;
        Assert.True(written <= LocalJobServiceFixture.MaxFileSizeMb * 1024L * 1024L, $"big.bin has {written} bytes, more than the limit.");
    }

    [Fact]
    public void Two_tenants_LOCAL_roots_with_the_same_rootDir_are_separate_folders_in_their_tenants_folders()
    {
        var roots = LocalJobSeed.IsolatedTenants.Select(tenant => LocalLayout.Root(fixture.Service.DataDir, "store", tenant)).ToList();

        Assert.All(roots, root => Assert.True(Directory.Exists(root), $"{root} was not created at seeding."));
        Assert.Equal(roots.Count, roots.Distinct(StringComparer.Ordinal).Count());
        Assert.False(Directory.Exists(Path.Combine(fixture.Service.DataDir, "store")), "A relative rootDir resolved in the data folder itself.");
    }

    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupAll = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    private static async Task<(int Uid, int Gid)> RunAsIdsAsync() =>
        (int.Parse(await OutputOfAsync("id", "-u", RunAsUser), CultureInfo.InvariantCulture),
         int.Parse(await OutputOfAsync("id", "-g", RunAsUser), CultureInfo.InvariantCulture));

    private static async Task<int> GroupOfAsync(string path) => int.Parse(await OutputOfAsync("stat", "-c", "%g", path), CultureInfo.InvariantCulture);

    private static async Task<string> OutputOfAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}.");
        return output.Trim();
    }
}
