using Orleans.Concurrency;

namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// Owns one job (key: the job UUID) and is the only writer of its status. Every status change goes through the
/// transition table and is written with its history event in one transaction with an optimistic version check.
/// </summary>
[Alias("aloe.IJobGrain")]
public interface IJobGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Admits the submission to its tenant queue and commits the ACCEPTED row. Returns only after the commit (or a
    /// refusal that stored nothing); processing then continues asynchronously.
    /// </summary>
    [Alias("Accept")]
    Task<AcceptResult> AcceptAsync(JobSubmission submission);

    /// <summary>Cancels the job: kills the remote work if there is any, then STOPPED. 409 in ACCEPTED or terminal states.</summary>
    [Alias("Cancel")]
    Task<ActionResult> CancelAsync(string requestedBy);

    /// <summary>Makes sure the job is being worked on after a restart; reads everything from the database. Idempotent.</summary>
    [Alias("Resume")]
    Task ResumeAsync();

    /// <summary>Called by the tenant queue when the job may start active processing. Idempotent.</summary>
    [Alias("SlotGranted")]
    [OneWay]
    Task SlotGrantedAsync();
}
