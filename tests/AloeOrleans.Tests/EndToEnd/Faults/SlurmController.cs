using AloeOrleans.Tests.Infrastructure.Remote;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// The shared test Slurm's controller, stopped and started by <c>scripts/slurm.sh stop-controller|start-controller</c>
/// (its state folder is the one of <c>SLURM_CONF</c>): the other daemons, the running jobs and the saved job state stay.
/// </summary>
public static class SlurmController
{
    public static Task StopAsync() => RunAsync("stop-controller");

    public static Task StartAsync() => RunAsync("start-controller");

    private static Task<string> RunAsync(string command)
    {
        // SLURM_CONF is <data dir>/slurm/slurm.conf.
        var dataDir = Path.GetDirectoryName(Path.GetDirectoryName(RemoteTestEnvironment.SlurmConf))!;
        return ProjectScript.RunAsync("slurm.sh", command, new Dictionary<string, string>(StringComparer.Ordinal) { ["ALOE_DATA_DIR"] = dataDir });
    }
}
