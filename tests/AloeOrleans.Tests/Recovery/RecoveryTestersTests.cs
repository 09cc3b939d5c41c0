using System.Net;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Tests.Execution.Ssh;
using AloeOrleans.Tests.EndToEnd.Network;
using AloeOrleans.Tests.Infrastructure;
using AloeOrleans.Tests.Units;
using Microsoft.Extensions.Options;
using Xunit;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Recovery;

/// <summary>
/// Each tester against the real servers (the shared sshd, Slurm and vsftpd; nothing is stopped): an SFTP storage system
/// registered with a closed port, then fixed, as an admin would through /systems/v2; the execution system's login; a
/// refused private key; Slurm's controller through <c>scontrol ping</c>; an FTP server's greeting. What is "down" is a
/// port nobody listens on.
/// </summary>
[NeedsServers]
public sealed class RecoveryTestersTests : IAsyncLifetime
{
    private const string Tenant = "dev";
    private const string StorageId = "inputs-sftp";
    private const string SlurmId = "slurm-ssh";

    private readonly SshConnectionPool pool = SshTestSystems.Pool(options => options.ConnectTimeout = TimeSpan.FromSeconds(5));
    private readonly SettableCatalog catalog = new();
    private readonly StagingNetwork network = InputServerTesterTests.Network("127.0.0.0/8");
    private readonly TempFolder dataDir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await pool.DisposeAsync();
        network.Dispose();
        dataDir.Dispose();
    }

    [Fact]
    public async Task An_sftp_storage_system_on_a_closed_port_has_not_cleared_and_clears_once_its_port_is_fixed()
    {
        catalog.Set(SftpStorage(TestPorts.Free()));
        var group = Group(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh, SshTestParameters.Write(StorageId, SshBlock.Storage));

        var down = await Testers().TestAsync(group, CancellationToken.None);
        Assert.False(down.Cleared, down.Note);
        Assert.Contains($"system {StorageId}", down.Note, StringComparison.Ordinal);

        catalog.Set(SftpStorage(SshPort));
        var up = await Testers().TestAsync(group, CancellationToken.None);
        Assert.True(up.Cleared, up.Note);
        Assert.Equal($"SFTP to {SshHost}:{SshPort} as {SshUser} (storage of system {StorageId}) works", up.Note);
    }

    [Fact]
    public async Task The_ssh_test_tries_the_block_that_failed_not_the_other_one()
    {
        // The login answers; the storage (another port) does not: a storage failure stays until the storage answers.
        catalog.Set(SlurmSystem(loginPort: SshPort, storagePort: TestPorts.Free()));

        var storage = await Testers().TestAsync(Group(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh,
            SshTestParameters.Write(SlurmId, SshBlock.Storage)), CancellationToken.None);
        var login = await Testers().TestAsync(Group(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh,
            SshTestParameters.Write(SlurmId, SshBlock.Login)), CancellationToken.None);
        var unnamed = await Testers().TestAsync(Group(RecoveryCondition.SSH_CONNECTION_FAILURE, RecoveryTester.Ssh, SlurmId), CancellationToken.None);

        Assert.False(storage.Cleared, storage.Note);
        Assert.True(login.Cleared, login.Note);
        Assert.Equal($"SSH to {SshHost}:{SshPort} as {SshUser} (login of system {SlurmId}) works", login.Note);
        Assert.True(unnamed.Cleared, unnamed.Note);
    }

    [Fact]
    public async Task A_refused_private_key_has_not_cleared_until_the_system_holds_one_the_server_accepts()
    {
        var folder = Directory.CreateTempSubdirectory("aloe-recovery-key-");
        try
        {
            var unknownKey = await File.ReadAllTextAsync(NewUnknownPrivateKey(folder.FullName));
            catalog.Set(SlurmSystem(SshPort, SshPort, unknownKey));
            var group = Group(RecoveryCondition.SSH_AUTHENTICATION_FAILED, RecoveryTester.Ssh, SshTestParameters.Write(SlurmId, SshBlock.Login));

            var refused = await Testers().TestAsync(group, CancellationToken.None);
            catalog.Set(SlurmSystem(SshPort, SshPort));
            var accepted = await Testers().TestAsync(group, CancellationToken.None);

            Assert.False(refused.Cleared, refused.Note);
            Assert.Contains($"check the private key of system {SlurmId}", refused.Note, StringComparison.Ordinal);
            Assert.DoesNotContain(unknownKey.Split('\n')[1], refused.Note, StringComparison.Ordinal);
            Assert.True(accepted.Cleared, accepted.Note);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_scheduler_test_pings_slurms_controller_over_the_systems_login()
    {
        catalog.Set(SlurmSystem(SshPort, SshPort));

        var result = await Testers().TestAsync(Group(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTester.Scheduler, SlurmId), CancellationToken.None);

        Assert.True(result.Cleared, result.Note);
        Assert.Matches(@"^scontrol ping on system slurm-ssh: Slurmctld\(primary\) at \S+ is UP$", result.Note);
    }

    [Fact]
    public async Task The_scheduler_test_has_not_cleared_while_the_login_node_cannot_be_reached_or_the_system_is_gone()
    {
        catalog.Set(SlurmSystem(loginPort: TestPorts.Free(), storagePort: SshPort));
        var group = Group(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTester.Scheduler, SlurmId);

        var unreachable = await Testers().TestAsync(group, CancellationToken.None);
        catalog.Remove(SlurmId);
        var gone = await Testers().TestAsync(group, CancellationToken.None);

        Assert.False(unreachable.Cleared, unreachable.Note);
        Assert.Contains($"system {SlurmId}", unreachable.Note, StringComparison.Ordinal);
        Assert.Equal((false, $"system {SlurmId} does not exist"), (gone.Cleared, gone.Note));
    }

    [Fact]
    public async Task A_system_on_this_host_has_no_scheduler_to_wait_for()
    {
        catalog.Set(new SystemDefinition
        {
            Id = "local", Type = SystemType.EXECUTION, Scheduler = SchedulerKind.FORK, OperatorDefined = true,
            Login = new SystemLogin { Protocol = "LOCAL" }, Storage = new SystemStorage { Protocol = "LOCAL", RootDir = "local" },
        });

        var result = await Testers().TestAsync(Group(RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTester.Scheduler, "local"), CancellationToken.None);

        Assert.True(result.Cleared, result.Note);
    }

    [Fact]
    public async Task An_ftp_server_that_greets_with_220_has_cleared()
    {
        var server = $"ftp://{FtpHost}:{FtpPort}";

        var up = await Testers().TestAsync(Group(RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTester.InputServer, server), CancellationToken.None);
        var down = await Testers().TestAsync(Group(RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTester.InputServer,
            $"ftp://127.0.0.1:{TestPorts.Free()}"), CancellationToken.None);

        Assert.True(up.Cleared, up.Note);
        Assert.StartsWith($"{server} greeted with 220", up.Note, StringComparison.Ordinal);
        Assert.False(down.Cleared, down.Note);
    }

    [Fact]
    public async Task A_test_that_takes_longer_than_the_test_timeout_has_not_cleared_and_says_which_setting()
    {
        await using var silent = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.NeverAnswers());
        var testers = Testers(new RecoveryOptions { TestTimeout = TimeSpan.FromSeconds(1) });

        var result = await testers.TestAsync(Group(RecoveryCondition.TRANSMISSION_FAILURE, RecoveryTester.InputServer, $"http://{silent.Authority}"),
            CancellationToken.None);

        Assert.Equal((false, "the InputServer test did not finish within 1 s (Aloe:Recovery:TestTimeout)"), (result.Cleared, result.Note));
    }

    private RecoveryTesters Testers(RecoveryOptions? options = null)
    {
        var ssh = new SshTester(catalog, pool);
        return new RecoveryTesters(catalog, ssh, new SchedulerTester(catalog, TestSystemAccess.Create(dataDir.Path, pool), ssh),
            InputServerTesterTests.Tester(network), new Units.Recovery.FixedQuotaStore(AloeOrleans.Grains.Quotas.ActiveJobCounts.None, null), Options.Create(options ?? new RecoveryOptions()));
    }

    private static RecoveryGroup Group(RecoveryCondition condition, RecoveryTester tester, string parameters) =>
        new("dev/x/0", Tenant, condition, tester, parameters, "CONSTANT_BACKOFF", DateTimeOffset.UtcNow, 0, null, DateTimeOffset.UtcNow, "", []);

    private static SystemAuth KeyAuth(string? privateKey = null) =>
        new() { Username = SshUser, Type = "SSHKEYS", PrivateKey = privateKey ?? File.ReadAllText(SshKeyPath) };

    private static SystemDefinition SftpStorage(int port) => new()
    {
        Id = StorageId,
        Type = SystemType.STORAGE,
        Storage = new SystemStorage { Protocol = "SFTP", Host = SshHost, Port = port, RootDir = "/tmp", Auth = KeyAuth(), HostKeyFingerprint = SshHostKeyFingerprint },
    };

    private static SystemDefinition SlurmSystem(int loginPort, int storagePort, string? privateKey = null) => new()
    {
        Id = SlurmId,
        Type = SystemType.EXECUTION,
        Scheduler = SchedulerKind.SLURM,
        Login = new SystemLogin { Protocol = "SSH", Host = SshHost, Port = loginPort, Auth = KeyAuth(privateKey), HostKeyFingerprint = SshHostKeyFingerprint },
        Storage = new SystemStorage
        {
            Protocol = "SFTP", Host = SshHost, Port = storagePort, RootDir = "/tmp", Auth = KeyAuth(privateKey), HostKeyFingerprint = SshHostKeyFingerprint,
        },
    };
}
