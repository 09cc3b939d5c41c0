namespace AloeOrleans.Grains.Execution;

/// <summary>What a request to suspend or continue a remote job did (<see cref="SuspensionResult"/>).</summary>
[GenerateSerializer, Alias("aloe.suspension-outcome")]
public enum SuspensionOutcome
{
    /// <summary>The job is now suspended (or continued), or already was: asking twice is harmless.</summary>
    Done,

    /// <summary>The job exists but its state cannot be suspended (or continued) on this system; the message says why.</summary>
    NotPossible,

    /// <summary>The job has ended or is gone: there is nothing to suspend or continue, and its status check says how it ended.</summary>
    Ended,
}
