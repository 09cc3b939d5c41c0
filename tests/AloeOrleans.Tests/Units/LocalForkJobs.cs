using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using RemotePoll = AloeOrleans.Tests.Execution.Remote.Poll;

namespace AloeOrleans.Tests.Units;

/// <summary>Jobs for the FORK runner's tests on this host: a work dir with the runner's wrapper around a tiny app, and its end.</summary>
internal static class LocalForkJobs
{
    /// <summary>A new work dir in <paramref name="temp"/> holding <paramref name="template"/> as the app and the runner's wrapper.</summary>
    public static async Task<JobWorkspace> WriteAsync(LocalForkRunner runner, TempFolder temp, string template)
    {
        var workDir = temp.Folder($"job-{Guid.NewGuid():N}");
        var workspace = new JobWorkspace(workDir, Guid.NewGuid(), "unit");
        var wrapper = await runner.WrapperScriptAsync(workspace, JobResourceRequest.None, new Dictionary<string, string>(), CancellationToken.None);
        await JobScriptWriter.WriteAsync(new LocalSystemFiles("local", workspace.WorkDir), workspace,
            WrapperTemplate.Render(template, new Dictionary<string, IReadOnlyList<string>>()), wrapper, CancellationToken.None);
        return workspace;
    }

    /// <summary>Checks the job until it completed or vanished; fails the test after <paramref name="deadline"/>.</summary>
    public static Task<RemoteJobStatus> WaitUntilEndedAsync(LocalForkRunner runner, JobWorkspace workspace, string id, TimeSpan deadline) =>
        RemotePoll.UntilAsync(() => runner.CheckAsync(workspace, id, CancellationToken.None),
            status => status.State is RemoteJobState.Completed or RemoteJobState.Vanished, deadline, $"job {id} in {workspace.WorkDir} did not end");
}
