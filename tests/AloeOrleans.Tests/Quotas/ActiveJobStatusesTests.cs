using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Quotas;
using Xunit;

namespace AloeOrleans.Tests.Quotas;

/// <summary>Which jobs count against a system's limits, for every status and every status a PAUSED or BLOCKED job came from.</summary>
public sealed class ActiveJobStatusesTests
{
    private static readonly JobStatus[] Holding = [JobStatus.SUBMITTING, JobStatus.QUEUED, JobStatus.RUNNING];

    public static TheoryData<JobStatus, JobStatus?> EveryStatusAndOrigin()
    {
        var data = new TheoryData<JobStatus, JobStatus?>();
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            data.Add(status, null);
            foreach (var from in Enum.GetValues<JobStatus>())
            {
                data.Add(status, from);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndOrigin))]
    public void A_job_counts_while_it_holds_a_slot_or_was_suspended_holding_one(JobStatus status, JobStatus? suspendedFrom)
    {
        var expected = Holding.Contains(status)
                       || (status is JobStatus.PAUSED or JobStatus.BLOCKED && suspendedFrom is { } from && Holding.Contains(from));

        Assert.Equal(expected, ActiveJobStatuses.Counts(status, suspendedFrom));
    }

    [Fact]
    public void The_sql_condition_names_the_same_statuses()
    {
        var quoted = string.Join(", ", Holding.Select(status => $"'{status}'"));

        Assert.Equal(Holding, ActiveJobStatuses.HoldingASlot.OrderBy(status => status));
        Assert.Contains($"status IN ({quoted})", ActiveJobStatuses.SqlCondition, StringComparison.Ordinal);
        Assert.Contains($"suspended_from IN ({quoted})", ActiveJobStatuses.SqlCondition, StringComparison.Ordinal);
    }
}
