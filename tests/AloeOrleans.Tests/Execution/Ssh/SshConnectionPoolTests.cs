using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AloeOrleans.Grains.Execution.Ssh;
using Xunit;
using static AloeOrleans.Tests.Execution.Ssh.SshTestSystems;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Execution.Ssh;

/// <summary>The connection pool against the real sshd of <c>scripts/sshd.sh</c>.</summary>
[NeedsServers]
public class SshConnectionPoolTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Key_login_runs_commands_as_the_system_user()
    {
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(KeyEndpoint(), CancellationToken.None);
        var result = await lease.RunAsync("id -un", CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(SshUser, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Password_login_works_for_a_storage_system()
    {
        await using var pool = Pool();
        await using var lease = await pool.LeaseAsync(SshEndpoint.ForStorage(PasswordStorageSystem()), CancellationToken.None);
        var result = await lease.RunAsync("id -un; echo oops >&2; exit 7", CancellationToken.None);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal(SshUser, result.StandardOutput.Trim());
        Assert.Equal("oops", result.StandardError.Trim());
        Assert.True(await lease.ExistsAsync("/tmp", CancellationToken.None));
    }

    [Fact]
    public async Task Twenty_sequential_operations_share_one_connection()
    {
        await using var pool = Pool();
        var endpoint = KeyEndpoint();
        for (var i = 0; i < 20; i++)
        {
            await using var lease = await pool.LeaseAsync(endpoint, CancellationToken.None);
            var result = await lease.RunAsync($"echo {i}", CancellationToken.None);
            Assert.Equal($"{i}", result.StandardOutput.Trim());
        }
        Assert.Equal(1, pool.ConnectionsOpened);
        Assert.Equal(1, pool.SessionsOpened);
        Assert.Equal(1, pool.OpenConnectionsTo(endpoint));

        // SFTP on the same pooled connection adds its session once, not per operation.
        for (var i = 0; i < 5; i++)
        {
            await using var lease = await pool.LeaseAsync(endpoint, CancellationToken.None);
            Assert.True(await lease.ExistsAsync("/tmp", CancellationToken.None));
        }
        Assert.Equal(1, pool.ConnectionsOpened);
        Assert.Equal(2, pool.SessionsOpened);
    }

    [Fact]
    public async Task Parallel_leases_open_at_most_MaxConnectionsPerSystem()
    {
        await using var pool = Pool(o => o.MaxConnectionsPerSystem = 2);
        var endpoint = KeyEndpoint();
        var peak = 0;
        var active = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var lease = await pool.LeaseAsync(endpoint, CancellationToken.None);
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref peak, now);
            InterlockedMax(ref peak, pool.OpenConnectionsTo(endpoint));
            var result = await lease.RunAsync($"sleep 0.2; echo {i}", CancellationToken.None);
            Assert.Equal($"{i}", result.StandardOutput.Trim());
            Interlocked.Decrement(ref active);
        }));
        Assert.Equal(2, pool.ConnectionsOpened);
        Assert.Equal(2, peak);
        Assert.InRange(pool.OpenConnectionsTo(endpoint), 1, 2);
    }

    [Fact]
    public async Task Idle_connections_are_closed_after_IdleTimeout()
    {
        await using var pool = Pool(o => o.IdleTimeout = TimeSpan.FromSeconds(1));
        var endpoint = KeyEndpoint();
        await using (var lease = await pool.LeaseAsync(endpoint, CancellationToken.None))
        {
            await lease.RunAsync("true", CancellationToken.None);
        }
        Assert.Equal(1, pool.OpenConnectionsTo(endpoint));

        var deadline = Stopwatch.StartNew();
        while (pool.OpenConnectionsTo(endpoint) > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }
        Assert.Equal(0, pool.OpenConnectionsTo(endpoint));
        Assert.Equal(0, pool.OpenConnections);

        await using (var lease = await pool.LeaseAsync(endpoint, CancellationToken.None))
        {
            Assert.Equal(0, (await lease.RunAsync("true", CancellationToken.None)).ExitCode);
        }
        Assert.Equal(2, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task A_wrong_host_key_fingerprint_is_refused_quickly_naming_both_keys()
    {
        var wrong = "SHA256:" + Convert.ToBase64String(SHA256.HashData("not the server's key"u8)).TrimEnd('=');
        await using var pool = Pool();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SshHostKeyMismatchException>(
            () => pool.LeaseAsync(KeyEndpoint(fingerprint: wrong), CancellationToken.None));
        Assert.True(watch.Elapsed < FailFast, $"refusing the host key took {watch.Elapsed}");
        Assert.Contains($"{SshHost}:{SshPort}", error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains(SshHostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains("host key changed or is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("update hostKeyFingerprint of system ssh-test-exec", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.ConnectionsOpened);
        Assert.Equal(0, pool.OpenConnections);
        AssertNoSecret(error, File.ReadAllText(SshKeyPath));
    }

    [Fact]
    public async Task An_unknown_private_key_fails_quickly_with_an_authentication_error()
    {
        var dir = Directory.CreateTempSubdirectory("aloe-ssh-key-");
        try
        {
            var unknownKey = File.ReadAllText(NewUnknownPrivateKey(dir.FullName));
            await using var pool = Pool();
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SshAuthenticationException>(
                () => pool.LeaseAsync(KeyEndpoint(privateKey: unknownKey), CancellationToken.None));
            Assert.True(watch.Elapsed < FailFast, $"the authentication failure took {watch.Elapsed}");
            Assert.Contains($"{SshUser} to {SshHost}:{SshPort}", error.Message, StringComparison.Ordinal);
            Assert.Contains("private key of system ssh-test-exec", error.Message, StringComparison.Ordinal);
            AssertNoSecret(error, unknownKey);
            Assert.Equal(0, pool.OpenConnections);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_password_fails_quickly_without_showing_it()
    {
        const string wrong = "definitely-not-the-password-4711";
        await using var pool = Pool();
        var endpoint = SshEndpoint.ForStorage(PasswordStorageSystem(wrong));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SshAuthenticationException>(() => pool.LeaseAsync(endpoint, CancellationToken.None));
        Assert.True(watch.Elapsed < FailFast, $"the authentication failure took {watch.Elapsed}");
        Assert.Contains("password of system ssh-test-storage", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error, wrong);
        Assert.DoesNotContain(wrong, endpoint.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SshPassword, SshEndpoint.ForStorage(PasswordStorageSystem()).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_private_key_is_an_authentication_error_that_does_not_quote_it()
    {
        const string garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key-at-all-zzz\n-----END OPENSSH PRIVATE KEY-----\n";
        await using var pool = Pool();
        var error = await Assert.ThrowsAsync<SshAuthenticationException>(
            () => pool.LeaseAsync(KeyEndpoint(privateKey: garbage), CancellationToken.None));
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error, "not-a-key-at-all-zzz");
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_with_a_clear_message()
    {
        // Accepts TCP connections but never sends the SSH banner.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var pool = Pool(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var endpoint = SshEndpoint.ForLogin(KeySystem(port: port));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SshConnectException>(() => pool.LeaseAsync(endpoint, CancellationToken.None));
        Assert.True(watch.Elapsed < FailFast, $"the connect timeout took {watch.Elapsed}");
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("timed out after 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_exceeding_CommandTimeout_fails_and_the_endpoint_stays_usable()
    {
        await using var pool = Pool(o => o.CommandTimeout = TimeSpan.FromSeconds(1));
        var endpoint = KeyEndpoint();
        var watch = Stopwatch.StartNew();
        await using (var lease = await pool.LeaseAsync(endpoint, CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<SshCommandTimeoutException>(() => lease.RunAsync("sleep 30", CancellationToken.None));
            Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < FailFast, $"the command timeout took {watch.Elapsed}");
            Assert.Equal("same", (await lease.RunAsync("echo same", CancellationToken.None)).StandardOutput.Trim());
        }
        await using (var lease = await pool.LeaseAsync(endpoint, CancellationToken.None))
        {
            Assert.Equal("next", (await lease.RunAsync("echo next", CancellationToken.None)).StandardOutput.Trim());
        }
        // The timed-out command's channel is closed; its connection is kept, not replaced.
        Assert.Equal(1, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task A_connection_that_dropped_is_discarded_and_the_next_lease_reconnects()
    {
        await using var pool = Pool();
        var endpoint = KeyEndpoint();
        await using (var lease = await pool.LeaseAsync(endpoint, CancellationToken.None))
        {
            // Kills this session's own sshd process (the command's parent): the server drops the connection.
            try
            {
                await lease.RunAsync("kill -9 $PPID", CancellationToken.None);
            }
            catch (SshConnectException)
            {
                // Seen as a lost connection rather than a command result: both are fine.
            }
        }

        var deadline = Stopwatch.StartNew();
        SshCommandResult? result = null;
        while (result is null && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                await using var lease = await pool.LeaseAsync(endpoint, CancellationToken.None);
                result = await lease.RunAsync("echo again", CancellationToken.None);
            }
            catch (SshConnectException)
            {
                // The drop had not been noticed yet: the failed lease discarded the connection.
                await Task.Delay(200);
            }
        }
        Assert.NotNull(result);
        Assert.Equal("again", result.StandardOutput.Trim());
        Assert.True(pool.SessionsOpened >= 2, $"no new session was opened ({pool.SessionsOpened})");
        Assert.Equal(1, pool.OpenConnectionsTo(endpoint));
    }

    private static void AssertNoSecret(Exception error, string secret)
    {
        var text = error.ToString();
        Assert.DoesNotContain(secret.Trim(), text, StringComparison.Ordinal);
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(line, text, StringComparison.Ordinal);
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
