namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// Whether one more job may be submitted (<see cref="SubmissionQuotaRule"/>). When not, <see cref="Exceeded"/> names
/// every limit that is full, most specific first, and <see cref="Message"/> says which and by how much, e.g.
/// "queue normal of system hpc allows 2 jobs per user (maxUserJobs); alice has 2 submitted, queued or running".
/// </summary>
public sealed record QuotaVerdict(bool Allowed, IReadOnlyList<QuotaLimit> Exceeded, string Message)
{
    public static QuotaVerdict Allow { get; } = new(true, [], "");
}
