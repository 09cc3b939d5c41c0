namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The move to SUBMITTING was not written: one more job would exceed a job limit of the execution system or its queue,
/// counted across the cluster. <see cref="Reason"/> names the limit, e.g. "queue normal of system hpc allows 2 jobs per
/// user (maxUserJobs); alice has 2 queued or running".
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.quota-refused")]
public sealed record QuotaRefused([property: Id(0)] string Reason) : LifecycleEvent;
