using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Slurm;
using Xunit;

namespace AloeOrleans.Tests.Units.Slurm;

public sealed class SlurmStateMapperTests
{
    [Theory]
    [InlineData("PENDING", RemoteJobState.Queued)]
    [InlineData("CONFIGURING", RemoteJobState.Queued)]
    [InlineData("REQUEUED", RemoteJobState.Queued)]
    [InlineData("SUSPENDED", RemoteJobState.Queued)]
    [InlineData("RUNNING", RemoteJobState.Running)]
    [InlineData("COMPLETING", RemoteJobState.Running)]
    [InlineData("COMPLETED", RemoteJobState.Completed)]
    [InlineData("FAILED", RemoteJobState.Failed)]
    [InlineData("TIMEOUT", RemoteJobState.Failed)]
    [InlineData("OUT_OF_MEMORY", RemoteJobState.Failed)]
    [InlineData("NODE_FAIL", RemoteJobState.Failed)]
    [InlineData("CANCELLED", RemoteJobState.Failed)]
    [InlineData("PREEMPTED", RemoteJobState.Failed)]
    [InlineData("BOOT_FAIL", RemoteJobState.Failed)]
    [InlineData("DEADLINE", RemoteJobState.Failed)]
    [InlineData("SOMETHING_NEW", RemoteJobState.Running)]
    public void Each_slurm_state_maps_to_an_aloe_remote_state(string state, RemoteJobState expected) =>
        Assert.Equal(expected, SlurmStateMapper.Map(new SlurmJobReport("7", "n", state, null, 0, 0)).State);

    [Fact]
    public void A_failure_names_the_reason_and_the_exit_code()
    {
        var status = SlurmStateMapper.Map(new SlurmJobReport("7", "n", "CANCELLED", "CANCELLED by 1000", 0, 15));

        Assert.Equal("Slurm job 7 ended CANCELLED by 1000, exit code 0, signal 15.", status.Message);
    }

    [Fact]
    public void A_bare_squeue_reason_comes_after_the_state()
    {
        var status = SlurmStateMapper.Map(new SlurmJobReport("10", "n", "FAILED", "NonZeroExitCode"));

        Assert.Equal("Slurm job 10 ended FAILED (NonZeroExitCode).", status.Message);
    }

    [Fact]
    public void A_timeout_says_so()
    {
        var status = SlurmStateMapper.Map(new SlurmJobReport("8", "n", "TIMEOUT", null, 0, 0));

        Assert.Contains("TIMEOUT", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Completed_carries_exit_code_zero_and_pending_carries_the_reason()
    {
        Assert.Equal(0, SlurmStateMapper.Map(new SlurmJobReport("9", "n", "COMPLETED", null, 0, 0)).ExitCode);
        Assert.Equal("Slurm job 9 is PENDING (Resources).", SlurmStateMapper.Map(new SlurmJobReport("9", "n", "PENDING", "Resources")).Message);
    }
}
