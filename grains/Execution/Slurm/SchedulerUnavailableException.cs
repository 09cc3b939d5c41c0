namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>
/// The batch scheduler of an execution system did not answer: its command ran on the login node but could not reach the
/// controller (<see cref="SlurmErrors.ControllerUnreachable"/>). Unlike a refusal of the job, this may pass: the
/// controller is restarting or its host is down for a while.
/// </summary>
public sealed class SchedulerUnavailableException(string systemId, string message) : Exception(message)
{
    /// <summary>The execution system whose scheduler did not answer.</summary>
    public string SystemId { get; } = systemId;
}
