namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The answer to one batched status check: a status per job (in the order asked) and the scheduler commands the
/// check took, by program (<c>squeue</c>, <c>sacct</c>, <c>probe</c>), for the monitor's log and tests.
/// </summary>
public sealed record RemoteCheckBatch(IReadOnlyList<RemoteJobStatus> Statuses, IReadOnlyDictionary<string, int> Commands);
