using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Ssh;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.Execution.Ssh;

/// <summary>System definitions and pools for the sshd of <c>scripts/sshd.sh</c>.</summary>
internal static class SshTestSystems
{
    public static SystemDefinition KeySystem(string? privateKey = null, string? fingerprint = null, int? port = null) => new()
    {
        Id = "ssh-test-exec",
        Type = SystemType.EXECUTION,
        Login = new SystemLogin
        {
            Protocol = "SSH",
            Host = SshHost,
            Port = port ?? SshPort,
            Auth = new SystemAuth { Username = SshUser, Type = "SSHKEYS", PrivateKey = privateKey ?? File.ReadAllText(SshKeyPath) },
            HostKeyFingerprint = fingerprint ?? SshHostKeyFingerprint,
        },
    };

    public static SystemDefinition PasswordStorageSystem(string? password = null) => new()
    {
        Id = "ssh-test-storage",
        Type = SystemType.STORAGE,
        Storage = new SystemStorage
        {
            Protocol = "SFTP",
            Host = SshHost,
            Port = SshPort,
            Auth = new SystemAuth { Username = SshUser, Type = "PASSWORD", Password = password ?? SshPassword },
            HostKeyFingerprint = SshHostKeyFingerprint,
        },
    };

    public static SshEndpoint KeyEndpoint(string? privateKey = null, string? fingerprint = null) =>
        SshEndpoint.ForLogin(KeySystem(privateKey, fingerprint));

    public static SshConnectionPool Pool(Action<SshOptions>? configure = null)
    {
        // The test sshd listens on 127.0.0.1, which only an allow-list lets the pool reach.
        var options = new SshOptions { ConnectTimeout = TimeSpan.FromSeconds(10), AllowedNetworks = "127.0.0.0/8" };
        configure?.Invoke(options);
        return new SshConnectionPool(Options.Create(options), TimeProvider.System, NullLogger<SshConnectionPool>.Instance);
    }

    /// <summary>A fresh folder under the test user's home, as an absolute path.</summary>
    public static async Task<string> NewRemoteDirAsync(SshLease lease)
    {
        var home = (await lease.RunAsync("printf %s \"$HOME\"", CancellationToken.None)).StandardOutput;
        var dir = $"{home}/aloe-ssh-test-{Guid.NewGuid():N}";
        await lease.CreateDirectoryAsync(dir, recursive: true, CancellationToken.None);
        return dir;
    }
}
