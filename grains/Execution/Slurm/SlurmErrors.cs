namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>
/// Reads what Slurm's commands write to stderr when they fail. Pure. A command that could not reach the controller
/// (slurmctld) or the accounting daemon (slurmdbd) says so in words of its own, whatever the command: such a failure is
/// the scheduler's and may pass, unlike a refusal of the request (an invalid partition, a limit).
/// </summary>
public static class SlurmErrors
{
    /// <summary>
    /// Phrases of Slurm's messages for a daemon that did not answer: slurmctld down or unreachable
    /// ("Unable to contact slurm controller (connect failure)"), a connection that broke or timed out, a backup
    /// controller that has not taken over, and slurmdbd down ("Problem talking to the database: Connection refused").
    /// </summary>
    private static readonly string[] UnreachablePhrases =
    [
        "Unable to contact slurm controller",
        "Socket timed out on send/recv operation",
        "Zero Bytes were transmitted or received",
        "Communication connection failure",
        "backup controller in standby mode",
        "Problem talking to the database",
        "failed to open persistent connection",
    ];

    /// <summary>Whether <paramref name="standardError"/> says that the scheduler's daemons could not be reached.</summary>
    public static bool ControllerUnreachable(string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        return UnreachablePhrases.Any(phrase => standardError.Contains(phrase, StringComparison.OrdinalIgnoreCase));
    }
}
