using AloeOrleans.Grains.Execution.Slurm;
using Xunit;

namespace AloeOrleans.Tests.Units.Slurm;

/// <summary>
/// What Slurm's commands print when slurmctld or slurmdbd does not answer (captured from Slurm 22.05 with the daemon's
/// port closed), as opposed to a refusal of the request.
/// </summary>
public sealed class SlurmErrorsTests
{
    [Theory]
    [InlineData("slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n")]
    [InlineData("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n")]
    [InlineData("scancel: error: Kill job error on job id 99999: Unable to contact slurm controller (connect failure)\n")]
    [InlineData("slurm_load_partitions: Unable to contact slurm controller (connect failure)\n")]
    [InlineData("squeue: error: slurm_receive_msg: Socket timed out on send/recv operation\n")]
    [InlineData("sbatch: error: Batch job submission failed: Zero Bytes were transmitted or received\n")]
    [InlineData("sacct: error: slurm_persist_conn_open_without_init: failed to open persistent connection to host:127.0.0.1:6998: Connection refused\n" +
                "sacct: error: Sending PersistInit msg: Connection refused\nsacct: error: Problem talking to the database: Connection refused\n")]
    public void A_daemon_that_does_not_answer_is_unreachable(string standardError)
    {
        Assert.True(SlurmErrors.ControllerUnreachable(standardError));
    }

    [Theory]
    [InlineData("")]
    [InlineData("slurm_load_jobs error: Invalid job id specified\n")]
    [InlineData("sbatch: error: invalid partition specified: nowhere\nsbatch: error: Batch job submission failed: Invalid partition name specified\n")]
    [InlineData("sbatch: error: Batch job submission failed: Requested node configuration is not available\n")]
    [InlineData("scancel: error: Kill job error on job id 5: Access/permission denied\n")]
    public void A_refusal_is_not(string standardError)
    {
        Assert.False(SlurmErrors.ControllerUnreachable(standardError));
    }

    [Theory]
    [InlineData("Slurmctld(primary) at vm is UP\n", true)]
    [InlineData("Slurmctld(primary) at vm is DOWN\n*****************************************\n** RESTORE SLURMCTLD DAEMON TO SERVICE **\n" +
                "*****************************************\n", false)]
    [InlineData("Slurmctld(primary) at ctl1 is DOWN\nSlurmctld(backup) at ctl2 is UP\n", true)]
    [InlineData("", false)]
    [InlineData("is UP\n", false)]
    public void Scontrol_ping_answers_when_a_controller_is_up(string output, bool answers)
    {
        Assert.Equal(answers, SlurmOutputParser.ParsePing(output));
    }
}
