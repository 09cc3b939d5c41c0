using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>Which test serves a blocked job, and which jobs share a recovery group.</summary>
public sealed class RecoveryTestTests
{
    private static JobRecord Job(string tenant = "dev", string system = "hpc", string app = "wc-1.0") => new()
    {
        Uuid = Guid.NewGuid(), TenantId = tenant, TenantQueue = "q", Owner = "alice", UpdateToken = "t",
        Spec = new JobSpec { Name = "j", SystemId = system, AppId = app, AppUuid = "u" },
    };

    [Theory]
    [InlineData(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SSH_CONNECTION_TIMEOUT, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SSH_AUTHENTICATION_FAILED, RecoveryTester.Ssh, "hpc")]
    [InlineData(RecoveryCondition.SYSTEM_NOT_AVAILABLE, RecoveryTester.System, "hpc")]
    [InlineData(RecoveryCondition.APPLICATION_NOT_AVAILABLE, RecoveryTester.App, "wc-1.0")]
    [InlineData(RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTester.Retry, "")]
    [InlineData(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTester.Retry, "")]
    [InlineData(RecoveryCondition.QUOTA_EXCEEDED, RecoveryTester.Quota, """["hpc",null,"alice"]""")]
    [InlineData(RecoveryCondition.DATABASE_NOT_AVAILABLE, RecoveryTester.Retry, "")]
    public void Without_a_target_each_condition_has_its_tester(RecoveryCondition condition, RecoveryTester tester, string parameters)
    {
        var test = RecoveryTest.For(Job(), condition, target: null);

        Assert.Equal((tester, parameters), (test.Tester, test.Parameters));
    }

    public static TheoryData<RecoveryCondition, string, RecoveryTester, string> Targets() => new()
    {
        // The SSH host that failed: an input's storage system, or the execution system's login or storage block.
        { RecoveryCondition.SSH_CONNECTION_FAILURE, "SshStorage inputs-sftp", RecoveryTester.Ssh, "inputs-sftp storage" },
        { RecoveryCondition.SSH_CONNECTION_TIMEOUT, "SshLogin hpc", RecoveryTester.Ssh, "hpc login" },
        { RecoveryCondition.SSH_AUTHENTICATION_FAILED, "SshStorage archive", RecoveryTester.Ssh, "archive storage" },
        // An input's server, whichever of the two conditions its failure was.
        { RecoveryCondition.TRANSMISSION_FAILURE, "InputServer https://files.example.org:443", RecoveryTester.InputServer, "https://files.example.org:443" },
        { RecoveryCondition.SERVICE_CONNECTION_FAILURE, "InputServer ftp://ftp.example.org:21", RecoveryTester.InputServer, "ftp://ftp.example.org:21" },
        // The scheduler of an execution system (not necessarily the job's, as the target says).
        { RecoveryCondition.SERVICE_CONNECTION_FAILURE, "Scheduler slurm-ssh", RecoveryTester.Scheduler, "slurm-ssh" },
        // A target that does not fit the condition is not used: the condition's own tester decides.
        { RecoveryCondition.TRANSMISSION_FAILURE, "Scheduler slurm-ssh", RecoveryTester.Retry, "" },
        { RecoveryCondition.SSH_CONNECTION_FAILURE, "InputServer http://x.example.org:80", RecoveryTester.Ssh, "hpc" },
        { RecoveryCondition.SYSTEM_NOT_AVAILABLE, "SshLogin other", RecoveryTester.System, "hpc" },
        { RecoveryCondition.QUOTA_EXCEEDED, "Scheduler hpc", RecoveryTester.Quota, """["hpc",null,"alice"]""" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_target_decides_what_is_tested(RecoveryCondition condition, string target, RecoveryTester tester, string parameters)
    {
        var test = RecoveryTest.For(Job(), condition, RecoveryTarget.Parse(target));

        Assert.Equal((tester, parameters), (test.Tester, test.Parameters));
    }

    [Fact]
    public void Jobs_of_one_tenant_waiting_on_the_same_test_share_a_group_and_others_do_not()
    {
        var key = RecoveryTest.For(Job(), RecoveryCondition.SSH_CONNECTION_FAILURE, null).GroupKey;

        Assert.Equal(key, RecoveryTest.For(Job(app: "other-1.0"), RecoveryCondition.SSH_CONNECTION_FAILURE, null).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(system: "hpc2"), RecoveryCondition.SSH_CONNECTION_FAILURE, null).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(tenant: "other"), RecoveryCondition.SSH_CONNECTION_FAILURE, null).GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(), RecoveryCondition.SSH_AUTHENTICATION_FAILED, null).GroupKey);
        Assert.StartsWith("dev/SSH_CONNECTION_FAILURE/", key, StringComparison.Ordinal);
        Assert.True(key.Length < 150, key);
    }

    [Fact]
    public void Jobs_on_different_execution_systems_whose_input_storage_failed_share_the_group_of_that_storage()
    {
        var storage = RecoveryTarget.SshStorage("inputs-sftp");
        var onHpc = RecoveryTest.For(Job(system: "hpc"), RecoveryCondition.SSH_CONNECTION_FAILURE, storage);
        var onFork = RecoveryTest.For(Job(system: "fork-ssh", app: "other-1.0"), RecoveryCondition.SSH_CONNECTION_FAILURE, storage);

        Assert.Equal(onHpc.GroupKey, onFork.GroupKey);
        Assert.NotEqual(onHpc.GroupKey, RecoveryTest.For(Job(system: "hpc"), RecoveryCondition.SSH_CONNECTION_FAILURE, null).GroupKey);
        Assert.NotEqual(onHpc.GroupKey,
            RecoveryTest.For(Job(), RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTarget.SshLogin("inputs-sftp")).GroupKey);
    }

    [Fact]
    public void Jobs_fetching_from_one_server_share_a_group_whatever_the_path_and_another_port_or_scheme_is_another_group()
    {
        RecoveryTest Test(string server) =>
            RecoveryTest.For(Job(app: Guid.NewGuid().ToString()), RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTarget.InputServer(server));

        var key = Test("http://files.example.org:8901").GroupKey;
        Assert.Equal(key, Test("http://files.example.org:8901").GroupKey);
        Assert.NotEqual(key, Test("http://files.example.org:8902").GroupKey);
        Assert.NotEqual(key, Test("https://files.example.org:8901").GroupKey);
        Assert.NotEqual(key, RecoveryTest.For(Job(tenant: "other"), RecoveryCondition.TRANSMISSION_FAILURE,
            RecoveryTarget.InputServer("http://files.example.org:8901")).GroupKey);
    }

    [Theory]
    [InlineData("hpc", "hpc", null)]
    [InlineData("hpc login", "hpc", SshBlock.Login)]
    [InlineData("my.system-2 storage", "my.system-2", SshBlock.Storage)]
    [InlineData("hpc other", "hpc other", null)]
    public void Ssh_parameters_read_back_as_written(string parameters, string systemId, SshBlock? block)
    {
        Assert.Equal((systemId, block), SshTestParameters.Read(parameters));
        if (block is { } written)
        {
            Assert.Equal(parameters, SshTestParameters.Write(systemId, written));
        }
    }

    [Theory]
    [InlineData("SshLogin hpc", RecoveryTargetKind.SshLogin, "hpc")]
    [InlineData("SshStorage inputs-sftp", RecoveryTargetKind.SshStorage, "inputs-sftp")]
    [InlineData("Scheduler slurm-ssh", RecoveryTargetKind.Scheduler, "slurm-ssh")]
    [InlineData("InputServer http://[::1]:8080", RecoveryTargetKind.InputServer, "http://[::1]:8080")]
    public void A_target_reads_back_from_its_stored_text(string text, RecoveryTargetKind kind, string name)
    {
        var target = RecoveryTarget.Parse(text);

        Assert.Equal(new RecoveryTarget(kind, name), target);
        Assert.Equal(text, target!.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SshLogin")]
    [InlineData("SshLogin ")]
    [InlineData(" hpc")]
    [InlineData("Unknown hpc")]
    [InlineData("7 hpc")]
    [InlineData("sshlogin hpc")]
    public void Unreadable_target_text_is_no_target(string? text)
    {
        Assert.Null(RecoveryTarget.Parse(text));
    }
}
