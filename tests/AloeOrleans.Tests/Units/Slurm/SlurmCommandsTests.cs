using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution.Slurm;
using Xunit;

namespace AloeOrleans.Tests.Units.Slurm;

public sealed class SlurmCommandsTests
{
    private static SlurmSubmission Submission(double memoryGb = 1.5, double hours = 1.25, string? partition = "normal") =>
        new("/scratch/aloe/job 1/.aloe/wrapper.sh", "/scratch/aloe/job 1", "01a2214e-a7ed-7acf-80f3-93032131ece3",
            new JobResourceRequest { NodeCount = 2, ProcessorsPerNode = 4, MemoryPerNodeGb = memoryGb, MaxHours = hours, RemoteQueue = partition });

    [Fact]
    public void Submit_asks_for_every_resource_and_quotes_every_argument()
    {
        var command = SlurmCommands.Submit(Submission());

        Assert.Equal(
            "'sbatch' '--parsable' '--job-name=01a2214e-a7ed-7acf-80f3-93032131ece3' '--chdir=/scratch/aloe/job 1' '--nodes=2' " +
            "'--ntasks-per-node=4' '--time=01:15:00' '--output=/scratch/aloe/job 1/.aloe/slurm-%j.out' '--mem=1536M' " +
            "'--partition=normal' '/scratch/aloe/job 1/.aloe/wrapper.sh'",
            command);
    }

    [Fact]
    public void Submit_leaves_out_memory_and_partition_when_there_are_none()
    {
        var command = SlurmCommands.Submit(Submission(memoryGb: 0, partition: null));

        Assert.DoesNotContain("--mem", command, StringComparison.Ordinal);
        Assert.DoesNotContain("--partition", command, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_path_stays_one_quoted_argument()
    {
        var command = SlurmCommands.Submit(Submission() with { ScriptPath = "/x/$(touch /tmp/p); y'z" });

        Assert.EndsWith(@"'/x/$(touch /tmp/p); y'\''z'", command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "01:00:00")]
    [InlineData(0.5, "00:30:00")]
    [InlineData(0.001, "00:01:00")]
    [InlineData(1.0 / 60 + 0.0001, "00:02:00")]
    [InlineData(24.0, "1-00:00:00")]
    [InlineData(49.5, "2-01:30:00")]
    public void Time_limits_round_minutes_up_and_write_days(double hours, string expected) =>
        Assert.Equal(expected, SlurmCommands.TimeLimit(hours));

    [Theory]
    [InlineData(1e9)]
    [InlineData(99999999999999.0)]
    [InlineData(double.MaxValue)]
    public void A_huge_time_limit_saturates_at_a_hundred_years_instead_of_overflowing(double hours) =>
        Assert.Equal("36500-00:00:00", SlurmCommands.TimeLimit(hours));

    [Theory]
    [InlineData(1.0, 1024)]
    [InlineData(0.1953125, 200)]
    [InlineData(1.0001, 1025)]
    public void Memory_is_whole_megabytes_rounded_up(double gigabytes, long megabytes) =>
        Assert.Equal(megabytes, SlurmCommands.MemoryMegabytes(gigabytes));

    [Fact]
    public void Status_and_accounting_ask_for_many_jobs_in_one_command()
    {
        Assert.Equal("squeue --noheader --states=all --format='%i|%j|%T|%r' --jobs=12,13,14", SlurmCommands.Status(["12", "13", "14"]));
        Assert.Equal("sacct --noheader --parsable2 --allocations --format=JobID,JobName,State,ExitCode --jobs=12,13",
            SlurmCommands.Accounting(["12", "13"]));
        Assert.Equal("scancel 12", SlurmCommands.Cancel("12"));
        Assert.Equal("scontrol hold 12", SlurmCommands.Hold("12"));
        Assert.Equal("scontrol release 12", SlurmCommands.Release("12"));
    }

    [Theory]
    [InlineData("12;rm -rf /")]
    [InlineData("")]
    [InlineData("12 13")]
    [InlineData("-1")]
    public void Hold_and_release_refuse_ids_that_are_not_numbers(string id)
    {
        Assert.Throws<ArgumentException>(() => SlurmCommands.Hold(id));
        Assert.Throws<ArgumentException>(() => SlurmCommands.Release(id));
    }

    [Theory]
    [InlineData("12;rm -rf /")]
    [InlineData("")]
    [InlineData("12 13")]
    public void Job_ids_that_are_not_numbers_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => SlurmCommands.Status(["11", id]));

    [Fact]
    public void Finding_a_job_by_name_quotes_the_name() =>
        Assert.EndsWith("--name='a b'", SlurmCommands.FindByName("a b"), StringComparison.Ordinal);
}
