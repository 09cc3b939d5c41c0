using AloeOrleans.Grains.Execution.Slurm;
using Xunit;

namespace AloeOrleans.Tests.Units.Slurm;

public sealed class SlurmOutputParserTests
{
    [Theory]
    [InlineData("4711\n", "4711")]
    [InlineData("4711;cluster\n", "4711")]
    [InlineData("sbatch: warning: something\n4712\n", "4712")]
    [InlineData("sbatch: error: Batch job submission failed\n", null)]
    [InlineData("", null)]
    public void Submit_output_gives_the_job_id(string output, string? expected) =>
        Assert.Equal(expected, SlurmOutputParser.ParseSubmit(output));

    [Fact]
    public void Squeue_lines_are_read_by_job_id()
    {
        var reports = SlurmOutputParser.ParseStatus(
            "101|01a2-job|PENDING|Resources\n102|other|RUNNING|None\nslurm_load_jobs error: Invalid job id specified\n103|x|COMPLETED|None\n");

        Assert.Equal(3, reports.Count);
        Assert.Equal(new SlurmJobReport("101", "01a2-job", "PENDING", "Resources"), reports["101"]);
        Assert.Equal(new SlurmJobReport("102", "other", "RUNNING"), reports["102"]);
        Assert.Equal("COMPLETED", reports["103"].State);
    }

    [Fact]
    public void Sacct_lines_give_state_word_reason_and_exit_code()
    {
        var reports = SlurmOutputParser.ParseAccounting(
            "201|a|COMPLETED|0:0\n202|b|FAILED|3:0\n203|c|CANCELLED by 1000|0:15\n204|d|TIMEOUT|0:0\n205|e|OUT_OF_MEMORY|0:125\n206|f|NODE_FAIL|1:0\n");

        Assert.Equal(new SlurmJobReport("201", "a", "COMPLETED", null, 0, 0), reports["201"]);
        Assert.Equal(new SlurmJobReport("202", "b", "FAILED", null, 3, 0), reports["202"]);
        Assert.Equal(new SlurmJobReport("203", "c", "CANCELLED", "CANCELLED by 1000", 0, 15), reports["203"]);
        Assert.Equal("TIMEOUT", reports["204"].State);
        Assert.Equal(125, reports["205"].Signal);
        Assert.Equal(1, reports["206"].ExitCode);
    }

    [Fact]
    public void A_requeued_job_keeps_its_last_line_and_step_lines_are_ignored()
    {
        var reports = SlurmOutputParser.ParseAccounting("301|a|NODE_FAIL|1:0\n301|a|COMPLETED|0:0\n301.batch|batch|COMPLETED|0:0\n");

        Assert.Single(reports);
        Assert.Equal("COMPLETED", reports["301"].State);
    }

    [Fact]
    public void Accounting_lines_keep_every_job_of_a_reused_id_in_order()
    {
        var lines = SlurmOutputParser.ParseAccountingLines(
            "80|allocation|COMPLETED|0:0\n80|01a221c8-f8c0-75ad-9ccd-2abd6f645c0b|FAILED|3:0\nnot a line\n");

        Assert.Equal([("80", "allocation", "COMPLETED"), ("80", "01a221c8-f8c0-75ad-9ccd-2abd6f645c0b", "FAILED")],
            lines.Select(line => (line.JobId, line.JobName, line.State)));
        Assert.Equal(3, lines[1].ExitCode);
    }
}
