using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// The answer of <see cref="IQuotaStore.AdmitAsync"/>: the stored job (with its new version) when the limits admitted
/// it, else null and nothing written; the verdict, and the counts it was decided on (none counted when no limit applies).
/// </summary>
public sealed record QuotaAdmission(JobRecord? Stored, QuotaVerdict Verdict, ActiveJobCounts Counts)
{
    public bool Admitted => Stored is not null;
}
