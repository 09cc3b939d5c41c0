namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The answer of <see cref="IJobRunner.SuspendAsync"/> and <see cref="IJobRunner.ContinueAsync"/>: the outcome and a
/// sentence for the job's history or a 409 (what was done, or why it could not be).
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.suspension-result")]
public sealed record SuspensionResult(
    [property: Id(0)] SuspensionOutcome Outcome,
    [property: Id(1)] string Message)
{
    public static SuspensionResult Done(string message) => new(SuspensionOutcome.Done, message);

    public static SuspensionResult NotPossible(string message) => new(SuspensionOutcome.NotPossible, message);

    public static SuspensionResult Ended(string message) => new(SuspensionOutcome.Ended, message);
}
