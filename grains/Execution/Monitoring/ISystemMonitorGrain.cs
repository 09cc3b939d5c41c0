namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>
/// The status checks of one execution system of one tenant (key <see cref="KeyOf"/>): checks requested at about the
/// same moment are answered by one scheduler query (one <c>squeue</c> plus at most one <c>sacct</c>, or one probe),
/// whatever their number.
/// </summary>
[Alias("aloe.system-monitor")]
public interface ISystemMonitorGrain : IGrainWithStringKey
{
    [Alias("check")]
    Task<RemoteJobStatus> CheckAsync(JobCheck check);

    /// <summary>"tenant/system": both are short identifiers, well within the reminder table's key length.</summary>
    public static string KeyOf(string tenantId, string systemId) => $"{tenantId}/{systemId}";
}
