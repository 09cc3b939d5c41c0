using System.Globalization;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// Whether one more job of a user may be submitted to an execution system, given its limits and the jobs already
/// counted there (<see cref="ActiveJobStatuses"/>): a limit of N admits a job while fewer than N are counted, so 0
/// admits none (a closed queue; omit the field for no limit). Pure; the counts come from <see cref="IQuotaStore"/>.
/// </summary>
public static class SubmissionQuotaRule
{
    /// <summary>The verdict for one more job of <paramref name="owner"/>; when refused it names every full limit, most specific first.</summary>
    public static QuotaVerdict Decide(SubmissionLimits limits, ActiveJobCounts counts, string owner)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(counts);
        var exceeded = new List<QuotaLimit>();
        var reasons = new List<string>();
        foreach (var (limit, max, count) in Applicable(limits, counts))
        {
            if (count >= max)
            {
                exceeded.Add(limit);
                reasons.Add(Describe(limits, limit, max, count, owner));
            }
        }

        return exceeded.Count == 0 ? QuotaVerdict.Allow : new QuotaVerdict(false, exceeded, string.Join("; ", reasons));
    }

    /// <summary>
    /// How many more jobs of the owner the limits admit now (0 when full; <see cref="int.MaxValue"/> when nothing
    /// limits them): the smallest room left among the limits that apply.
    /// </summary>
    public static int Room(SubmissionLimits limits, ActiveJobCounts counts)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(counts);
        return Applicable(limits, counts)
            .Select(applicable => Math.Max(0, applicable.Max - applicable.Count))
            .DefaultIfEmpty(SubmissionLimits.Unlimited)
            .Min();
    }

    /// <summary>The limits that apply (a queue's only when the job has one), each with its count, most specific first.</summary>
    private static IEnumerable<(QuotaLimit Limit, int Max, int Count)> Applicable(SubmissionLimits limits, ActiveJobCounts counts)
    {
        var all = new List<(QuotaLimit, int, int)>();
        if (limits.QueueName is not null)
        {
            all.Add((QuotaLimit.QueueUserJobs, limits.MaxQueueUserJobs, counts.QueueOfOwner));
            all.Add((QuotaLimit.QueueJobs, limits.MaxQueueJobs, counts.Queue));
        }

        all.Add((QuotaLimit.SystemUserJobs, limits.MaxSystemUserJobs, counts.SystemOfOwner));
        all.Add((QuotaLimit.SystemJobs, limits.MaxSystemJobs, counts.System));
        return all.Where(applicable => !SubmissionLimits.IsNoLimit(applicable.Item2));
    }

    private static string Describe(SubmissionLimits limits, QuotaLimit limit, int max, int count, string owner) => limit switch
    {
        QuotaLimit.QueueUserJobs =>
            $"queue {limits.QueueName} of system {limits.SystemId} allows {Jobs(max)} per user (maxUserJobs); {owner} has {Number(count)} queued or running",
        QuotaLimit.QueueJobs =>
            $"queue {limits.QueueName} of system {limits.SystemId} allows {Jobs(max)} at once (maxJobs); it has {Number(count)} queued or running",
        QuotaLimit.SystemUserJobs =>
            $"system {limits.SystemId} allows {Jobs(max)} per user (maxSystemJobsPerUser); {owner} has {Number(count)} queued or running",
        _ => $"system {limits.SystemId} allows {Jobs(max)} at once (maxSystemJobs); it has {Number(count)} queued or running",
    };

    private static string Jobs(int count) => count == 1 ? "1 job" : $"{Number(count)} jobs";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
