using AloeOrleans.GrainInterfaces.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>A job's specification survives the grain call whole: every field, defaults and nulls included.</summary>
public sealed class JobSpecSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void A_submission_crosses_the_wire_with_its_whole_specification()
    {
        var submission = new JobSubmission
        {
            TenantId = "dev", TenantQueue = "q", Owner = "alice", Roles = "r", IdempotencyKey = "k",
            Spec = new JobSpec
            {
                Name = "n", AppId = "wc-1.0", AppUuid = "u", SystemId = "hpc", Inputs = """{"a":["x"]}""", Parameters = """{"p":1}""",
                Notifications = """[{"event":"FINISHED"}]""",
                Resources = new JobResourceRequest { NodeCount = 2, ProcessorsPerNode = 4, MemoryPerNodeGb = 1.5, MaxHours = 0.25, RemoteQueue = "normal" },
                Archive = new JobArchiveRequest { Enabled = true, SystemId = "store", Path = "a/b" },
            },
        };

        var copy = Serializer.Deserialize<JobSubmission>(Serializer.SerializeToArray(submission))!;

        Assert.Equal(submission, copy);
    }

    [Fact]
    public void A_specification_without_requests_keeps_its_defaults()
    {
        var spec = new JobSpec { Name = "n", AppId = "a", AppUuid = "u", SystemId = "s" };

        var copy = Serializer.Deserialize<JobSpec>(Serializer.SerializeToArray(spec))!;

        Assert.Equal(spec, copy);
        Assert.Equal(1, copy.Resources.NodeCount);
        Assert.Equal(1, copy.Resources.ProcessorsPerNode);
        Assert.Null(copy.Resources.RemoteQueue);
        Assert.Equal("{}", copy.Inputs);
        Assert.Equal("[]", copy.Notifications);
    }
}
