using System.Text.Json;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Quotas;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The parameters of a quota test: the execution system, the remote queue (null: none) and the owner, as a JSON array
/// (<c>["hpc","normal","alice"]</c>), so a queue or user name holding any character stays apart. Jobs waiting on
/// QUOTA_EXCEEDED are grouped per tenant and these three: the room a test finds (the smallest room left among the
/// system's and queue's limits, the per-user ones included) is exactly the room for the jobs of its group.
/// </summary>
public static class QuotaTestParameters
{
    /// <summary>The parameters of <paramref name="job"/>'s quota test.</summary>
    public static string Of(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return JsonSerializer.Serialize(new[] { job.Spec.SystemId, job.Spec.Resources.RemoteQueue, job.Owner });
    }

    /// <summary>What a quota test with <paramref name="parameters"/> counts, in <paramref name="tenantId"/>.</summary>
    public static QuotaScope Scope(string tenantId, string parameters)
    {
        var values = JsonSerializer.Deserialize<string?[]>(parameters);
        return values is [{ } systemId, var queue, { } owner]
            ? new QuotaScope(tenantId, systemId, queue, owner)
            : throw new FormatException($"'{parameters}' are not the parameters of a quota test (a JSON array of system, queue and owner).");
    }
}
