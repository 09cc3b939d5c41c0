using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>When a job still reads its inputs, so that the systems they lie on may not be deleted under it.</summary>
public sealed class JobSystemUseTests
{
    public static TheoryData<JobStatus, JobStatus?, bool> Statuses()
    {
        var data = new TheoryData<JobStatus, JobStatus?, bool>();
        JobStatus[] before = [JobStatus.ACCEPTED, JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS];
        foreach (var status in Enum.GetValues<JobStatus>().Where(status => status is not (JobStatus.BLOCKED or JobStatus.PAUSED)))
        {
            data.Add(status, null, before.Contains(status));
        }

        foreach (var suspended in new[] { JobStatus.BLOCKED, JobStatus.PAUSED })
        {
            data.Add(suspended, null, true);
            data.Add(suspended, JobStatus.STAGING_INPUTS, true);
            data.Add(suspended, JobStatus.PENDING, true);
            data.Add(suspended, JobStatus.STAGED, false);
            data.Add(suspended, JobStatus.RUNNING, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_job_reads_its_inputs_until_it_is_staged(JobStatus status, JobStatus? suspendedFrom, bool stillStages) =>
        Assert.Equal(stillStages, JobSystemUse.StillStagesInputs(status, suspendedFrom));

    [Fact]
    public void A_job_uses_its_execution_system_and_its_archive_system_only_when_it_archives()
    {
        var catalog = new TenantCatalog(DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(), new Dictionary<string, SystemDefinition>());
        var job = new ActiveJobReference(Guid.NewGuid(), JobStatus.RUNNING, null, "wc-1.0", "hpc", false, "store", null);

        Assert.True(JobSystemUse.Uses(job, "hpc", "t", catalog));
        Assert.False(JobSystemUse.Uses(job, "store", "t", catalog));
        Assert.True(JobSystemUse.Uses(job with { Archive = true }, "store", "t", catalog));
    }

    [Fact]
    public void A_plain_input_path_uses_the_apps_storage_system_until_staged()
    {
        var systems = new Dictionary<string, SystemDefinition>
        {
            ["hpc"] = new() { Id = "hpc", Type = SystemType.EXECUTION },
            ["store"] = new() { Id = "store", Type = SystemType.STORAGE, Default = true },
            ["apps"] = new() { Id = "apps", Type = SystemType.STORAGE },
        };
        var apps = new Dictionary<string, AppDefinition>
        {
            ["wc-1.0"] = new() { Id = "wc-1.0", ExecutionSystem = "hpc", DeploymentSystem = "apps", TemplatePath = "wc.sh" },
            ["cat-1.0"] = new() { Id = "cat-1.0", ExecutionSystem = "hpc", TemplatePath = "cat.sh" },
        };
        var catalog = new TenantCatalog(DateTimeOffset.UnixEpoch, apps, systems);
        var job = new ActiveJobReference(Guid.NewGuid(), JobStatus.PENDING, null, "wc-1.0", "hpc", false, "", """{"in":["alice/x"]}""");

        Assert.True(JobSystemUse.Uses(job, "apps", "t", catalog));
        Assert.False(JobSystemUse.Uses(job, "store", "t", catalog));
        Assert.True(JobSystemUse.Uses(job with { AppId = "cat-1.0" }, "store", "t", catalog));
        Assert.False(JobSystemUse.Uses(job with { Status = JobStatus.RUNNING }, "apps", "t", catalog));
    }
}
