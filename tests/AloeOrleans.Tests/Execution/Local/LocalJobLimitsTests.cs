using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Local;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

public sealed class LocalJobLimitsTests
{
    private static readonly ExecutionOptions Defaults = new();

    [Theory]
    [InlineData(1.0, 1, 1, 3600L)]
    [InlineData(0.5, 1, 4, 7200L)]
    [InlineData(2.0, 2, 3, 43200L)]
    [InlineData(1.0 / 3600, 1, 1, 1L)]
    [InlineData(0.0001, 1, 1, 1L)]
    [InlineData(0.00001, 1, 1, 1L)]
    [InlineData(5.0 / 60, 1, 1, 300L)]
    public void CPU_time_is_the_run_time_times_the_processors_rounded_up(double maxHours, int nodes, int tasks, long seconds) =>
        Assert.Equal(seconds, LocalJobLimits.For(Defaults, new JobResourceRequest { NodeCount = nodes, ProcessorsPerNode = tasks, MaxHours = maxHours }).CpuSeconds);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1e300)]
    [InlineData(double.PositiveInfinity)]
    public void A_job_without_a_usable_run_time_has_no_CPU_limit_rather_than_an_overflow(double maxHours) =>
        Assert.Null(LocalJobLimits.For(Defaults, new JobResourceRequest { NodeCount = 1, ProcessorsPerNode = 1, MaxHours = maxHours }).CpuSeconds);

    [Fact]
    public void Nodes_and_processors_below_one_count_as_one() =>
        Assert.Equal(3600L, LocalJobLimits.For(Defaults, new JobResourceRequest { NodeCount = 0, ProcessorsPerNode = -3, MaxHours = 1 }).CpuSeconds);

    [Fact]
    public void Processes_and_file_size_come_from_the_options_with_documented_defaults()
    {
        var limits = LocalJobLimits.For(Defaults, JobResourceRequest.None);

        Assert.Equal(10000, limits.MaxProcesses);
        Assert.Equal(64L * 1024 * 1024 * 1024, limits.MaxFileSizeBytes);
        Assert.Equal((3, 2L * 1024 * 1024),
            (LocalJobLimits.For(new ExecutionOptions { LocalMaxProcesses = 3, LocalMaxFileSizeMb = 2 }, JobResourceRequest.None) is var custom
                ? (custom.MaxProcesses, custom.MaxFileSizeBytes) : default));
    }

    [Fact]
    public void A_huge_file_size_is_capped_instead_of_overflowing() =>
        Assert.True(LocalJobLimits.For(new ExecutionOptions { LocalMaxFileSizeMb = long.MaxValue }, JobResourceRequest.None).MaxFileSizeBytes > 0);

    [Fact]
    public void The_prlimit_options_name_each_limit_and_unlimited_CPU_explicitly()
    {
        Assert.Equal(["--cpu=300", "--nproc=12", "--fsize=1048576"], new LocalJobLimits(300, 12, 1048576).PrlimitOptions());
        Assert.Equal("--cpu=unlimited", new LocalJobLimits(null, 12, 1).PrlimitOptions()[0]);
    }
}
