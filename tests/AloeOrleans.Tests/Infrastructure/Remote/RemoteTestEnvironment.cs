using System.Diagnostics;
using Renci.SshNet;

namespace AloeOrleans.Tests.Infrastructure.Remote;

/// <summary>
/// The real servers started by <c>scripts/sshd.sh</c>, <c>scripts/slurm.sh</c> and <c>scripts/ftp.sh</c>, described
/// by the variables their <c>env</c> command prints (<c>./aloe test</c> exports them). Tests that need a server fail,
/// never skip, when its variables are missing, so a green run always means the server was exercised.
/// </summary>
public static class RemoteTestEnvironment
{
    /// <summary>The value of a required variable; throws with instructions when unset.</summary>
    public static string Require(string name, string script)
    {
        UnitOnlyRun.RefuseServer($"the {script} test server ({name})");
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with ./aloe test (it starts the servers and exports their " +
                $"settings), or start the server yourself with scripts/{script}.sh start and export the lines " +
                $"printed by scripts/{script}.sh env.");
    }

    public static string SshHost => Require("ALOE_SSH_HOST", "sshd");

    public static int SshPort => int.Parse(Require("ALOE_SSH_PORT", "sshd"), System.Globalization.CultureInfo.InvariantCulture);

    public static string SshUser => Require("ALOE_SSH_USER", "sshd");

    public static string SshKeyPath => Require("ALOE_SSH_KEY", "sshd");

    public static string SshPassword => File.ReadAllText(Require("ALOE_SSH_PASSWORD_FILE", "sshd")).Trim();

    /// <summary>As <c>ssh-keygen -lf</c> prints it: <c>SHA256:</c> and unpadded base64.</summary>
    public static string SshHostKeyFingerprint => Require("ALOE_SSH_HOST_KEY_FINGERPRINT", "sshd");

    /// <summary>As <c>ssh-keygen -E md5 -lf</c> prints it: <c>MD5:</c> and colon-separated hex.</summary>
    public static string SshHostKeyFingerprintMd5 => Require("ALOE_SSH_HOST_KEY_FINGERPRINT_MD5", "sshd");

    public static string SlurmConf => Require("SLURM_CONF", "slurm");

    public static string SlurmDefaultPartition => Require("ALOE_SLURM_DEFAULT_PARTITION", "slurm");

    public static string SlurmShortPartition => Require("ALOE_SLURM_SHORT_PARTITION", "slurm");

    public static string FtpHost => Require("ALOE_FTP_HOST", "ftp");

    public static int FtpPort => int.Parse(Require("ALOE_FTP_PORT", "ftp"), System.Globalization.CultureInfo.InvariantCulture);

    public static string FtpUser => Require("ALOE_FTP_USER", "ftp");

    public static string FtpPassword => Require("ALOE_FTP_PASSWORD", "ftp");

    public static string FtpRoot => Require("ALOE_FTP_ROOT", "ftp");

    /// <summary>Key login as the test user, short timeouts so a broken server fails fast instead of hanging.</summary>
    public static ConnectionInfo KeyConnection(string? keyPath = null)
    {
        var key = new PrivateKeyFile(keyPath ?? SshKeyPath);
        return WithTimeouts(new ConnectionInfo(SshHost, SshPort, SshUser, new PrivateKeyAuthenticationMethod(SshUser, key)));
    }

    public static ConnectionInfo PasswordConnection(string? password = null) =>
        WithTimeouts(new ConnectionInfo(SshHost, SshPort, SshUser,
            new PasswordAuthenticationMethod(SshUser, password ?? SshPassword)));

    private static ConnectionInfo WithTimeouts(ConnectionInfo info)
    {
        info.Timeout = TimeSpan.FromSeconds(10);
        info.ChannelCloseTimeout = TimeSpan.FromSeconds(5);
        return info;
    }

    /// <summary>Trusts exactly the host key announced in <c>ALOE_SSH_HOST_KEY_FINGERPRINT</c>.</summary>
    public static void TrustOnlyExpectedHostKey(BaseClient client)
    {
        var expected = StripPrefix(SshHostKeyFingerprint, "SHA256:");
        client.HostKeyReceived += (_, e) => e.CanTrust = e.FingerPrintSHA256 == expected;
    }

    public static string StripPrefix(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;

    /// <summary>A connected client for the test user (key login, host key checked).</summary>
    public static Task<SshClient> ConnectAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(new SshClient(KeyConnection()), cancellationToken);

    /// <summary>A connected SFTP client for the test user (key login, host key checked).</summary>
    public static Task<SftpClient> ConnectSftpAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(new SftpClient(KeyConnection()), cancellationToken);

    private static async Task<T> ConnectAsync<T>(T client, CancellationToken cancellationToken) where T : BaseClient
    {
        TrustOnlyExpectedHostKey(client);
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The test user's private key as text, as a system definition carries it (<c>auth.privateKey</c>).</summary>
    public static string SshPrivateKeyText => File.ReadAllText(SshKeyPath);

    /// <summary>Single-quotes <paramref name="value"/> for a POSIX shell, so a path or name is one word, taken literally.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Runs a command; returns its exit status, stdout and stderr.</summary>
    public static async Task<(int ExitStatus, string Output, string Error)> RunAsync(
        SshClient client, string commandText, TimeSpan? timeout = null)
    {
        using var command = client.CreateCommand(commandText);
        command.CommandTimeout = timeout ?? TimeSpan.FromSeconds(30);
        using var cts = new CancellationTokenSource(command.CommandTimeout);
        await command.ExecuteAsync(cts.Token);
        return (command.ExitStatus ?? -1, command.Result, command.Error);
    }

    /// <summary>A throw-away ed25519 key pair that no server knows, made with <c>ssh-keygen</c>.</summary>
    public static string NewUnknownPrivateKey(string directory)
    {
        var path = Path.Combine(directory, "unknown_ed25519");
        var psi = new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "unknown", "-f", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("ssh-keygen did not start");
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {process.StandardError.ReadToEnd()}");
        }
        return path;
    }
}
