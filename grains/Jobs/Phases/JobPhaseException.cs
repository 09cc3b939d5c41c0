namespace AloeOrleans.Grains.Jobs.Phases;

/// <summary>A phase cannot go on for a reason that will not clear by itself; the job fails with this message.</summary>
public sealed class JobPhaseException(string message) : Exception(message);
