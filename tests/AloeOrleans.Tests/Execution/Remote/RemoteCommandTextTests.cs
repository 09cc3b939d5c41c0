using AloeOrleans.Grains.Execution.Slurm;
using Xunit;

namespace AloeOrleans.Tests.Execution.Remote;

public class RemoteCommandTextTests
{
    [Fact]
    public void Find_queued_by_name_quotes_the_name_and_lists_all_states()
    {
        Assert.Equal("squeue --noheader --states=all --name='0e4f' --format=%i", SlurmCommands.FindQueuedByName("0e4f"));
        Assert.Equal(@"squeue --noheader --states=all --name='a'\''; rm -rf ~'\''' --format=%i",
            SlurmCommands.FindQueuedByName("a'; rm -rf ~'"));
    }
}
