using System.Text;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Tests.Execution.Ssh;
using Xunit;

namespace AloeOrleans.Tests.Execution.Remote;

/// <summary>
/// Work dirs under the test user's home on the sshd of <c>scripts/sshd.sh</c>, each with the service's wrapper and
/// an app script; removed (and their Slurm jobs cancelled) when the test class ends.
/// </summary>
public sealed class RemoteRunnerFixture : IAsyncLifetime
{
    private readonly List<string> slurmJobs = [];
    private string? root;

    public SshConnectionPool Pool { get; } = SshTestSystems.Pool();

    public SshEndpoint Endpoint { get; } = SshTestSystems.KeyEndpoint();

    public async Task InitializeAsync()
    {
        await using var lease = await Pool.LeaseAsync(Endpoint, CancellationToken.None);
        var home = (await lease.RunAsync("printf %s \"$HOME\"", CancellationToken.None)).StandardOutput;
        root = $"{home}/aloe-tests/{Guid.NewGuid():N}";
        await lease.CreateDirectoryAsync(root, recursive: true, CancellationToken.None);
    }

    /// <summary>A work dir with <c>.aloe/wrapper.sh</c> (from <see cref="JobScriptWriter.Wrapper"/>) and <c>.aloe/app.sh</c>.</summary>
    public async Task<JobWorkspace> NewWorkspaceAsync(string appScript)
    {
        var uuid = Guid.NewGuid();
        var workspace = new JobWorkspace($"{root}/{uuid:N}", uuid, "remote-test");
        await using var lease = await Pool.LeaseAsync(Endpoint, CancellationToken.None);
        await lease.CreateDirectoryAsync(workspace.ControlDir, recursive: true, CancellationToken.None);
        await UploadAsync(lease, workspace.WrapperScript, JobScriptWriter.Wrapper(workspace, new Dictionary<string, string> { ["ALOE_TEST"] = "1" }));
        await UploadAsync(lease, workspace.AppScript, appScript);
        return workspace;
    }

    public async Task<string> RunAsync(string command)
    {
        await using var lease = await Pool.LeaseAsync(Endpoint, CancellationToken.None);
        var result = await lease.RunAsync(command, CancellationToken.None);
        Assert.True(result.Succeeded, $"'{command}' failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    public void TrackSlurmJob(string id)
    {
        lock (slurmJobs)
        {
            slurmJobs.Add(id);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await using var lease = await Pool.LeaseAsync(Endpoint, CancellationToken.None);
            List<string> jobs;
            lock (slurmJobs)
            {
                jobs = [.. slurmJobs];
            }

            if (jobs.Count > 0)
            {
                await lease.RunAsync($"scancel {string.Join(' ', jobs)} 2>/dev/null; true", CancellationToken.None);
            }

            if (root is not null)
            {
                // Killed FORK jobs may still be writing; a second pass catches stragglers.
                await lease.RunAsync($"rm -rf {ShellQuoting.Quote(root)} 2>/dev/null; sleep 0.2; rm -rf {ShellQuoting.Quote(root)}; true", CancellationToken.None);
            }
        }
        finally
        {
            await Pool.DisposeAsync();
        }
    }

    private static async Task UploadAsync(SshLease lease, string path, string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await lease.UploadAsync(stream, path, CancellationToken.None);
    }
}

internal static class Poll
{
    /// <summary>Calls <paramref name="probe"/> until <paramref name="done"/> accepts its answer; fails with the last one after the deadline.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var end = DateTime.UtcNow + deadline;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"{what} within {deadline.TotalSeconds:0} s; last answer: {last}");
            }

            await Task.Delay(200);
        }
    }
}
