using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The job a caller asked for and whether they may do what they asked; <see cref="Job"/> is set only when
/// <see cref="Verdict"/> is <see cref="JobAccessVerdict.Allowed"/>.
/// </summary>
public sealed record JobLookup(JobRecord? Job, JobAccessVerdict Verdict)
{
    public static readonly JobLookup NotFound = new(null, JobAccessVerdict.NotFound);

    public static readonly JobLookup Forbidden = new(null, JobAccessVerdict.Forbidden);
}
