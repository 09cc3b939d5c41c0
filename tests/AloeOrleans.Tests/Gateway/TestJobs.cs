using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Job records for gateway tests.</summary>
internal static class TestJobs
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 28, 7, 55, 22, 123, TimeSpan.Zero);

    public static JobRecord Make(string tenant = "dev", string owner = "alice", JobStatus status = JobStatus.RUNNING, Guid? uuid = null) => new()
    {
        Id = 42,
        Uuid = uuid ?? Guid.NewGuid(),
        Spec = new JobSpec
        {
            Name = "test job",
            SystemId = "local",
            AppId = "hello-1.0",
            AppUuid = "app-uuid",
            Inputs = """{"in1":"agave://storage/a.txt"}""",
            Parameters = """{"p":3}""",
            Resources = new JobResourceRequest { MemoryPerNodeGb = 1.5, MaxHours = 0.5 },
            Archive = new JobArchiveRequest { Enabled = true, Path = "archive/jobs/one", SystemId = "storage" },
        },
        TenantId = tenant,
        TenantQueue = $"aloe.jobq.{tenant}.submit.DefaultQueue",
        Status = status,
        LastStatusMessage = "running",
        Accepted = Epoch,
        Created = Epoch.AddSeconds(1),
        LastUpdated = Epoch.AddSeconds(2),
        Owner = owner,
        Roles = "r1,r2",
        UpdateToken = "secret-update-token",
    };
}
