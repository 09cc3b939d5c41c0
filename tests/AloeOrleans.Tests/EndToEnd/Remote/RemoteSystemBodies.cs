using System.Text.Json.Nodes;
using AloeOrleans.Tests.Infrastructure.Remote;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// Agave system definitions pointing at the sshd of <c>scripts/sshd.sh</c> (the test user, key login, the server's
/// real host key fingerprint unless a test passes another).
/// </summary>
public static class RemoteSystemBodies
{
    /// <summary>The Slurm partition the execution systems' default queue names (scripts/slurm.sh: normal).</summary>
    public static string DefaultQueue => RemoteTestEnvironment.SlurmDefaultPartition;

    /// <summary>
    /// An EXECUTION system: <paramref name="scheduler"/> SLURM or FORK, login SSH and storage SFTP on the test sshd,
    /// storage rooted at <paramref name="rootDir"/> (absolute, on the remote host), work dir <c>work</c> under it.
    /// </summary>
    public static JsonObject Execution(string id, string scheduler, string rootDir, string? hostKeyFingerprint = null, string? privateKey = null)
    {
        var system = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"{scheduler} over SSH ({id})",
            ["type"] = "EXECUTION",
            ["executionType"] = scheduler == "SLURM" ? "HPC" : "CLI",
            ["scheduler"] = scheduler,
            ["login"] = Endpoint("SSH", hostKeyFingerprint, privateKey),
            ["storage"] = Storage(rootDir, hostKeyFingerprint, privateKey),
            ["workDir"] = "work",
        };
        if (scheduler == "SLURM")
        {
            system["queues"] = new JsonArray(new JsonObject
            {
                ["name"] = DefaultQueue,
                ["default"] = true,
                ["maxNodes"] = 1,
                ["maxProcessorsPerNode"] = 4,
                ["maxMemoryPerNode"] = 4,
                ["maxRequestedTime"] = "02:00:00",
            });
        }

        return system;
    }

    /// <summary>A STORAGE system over SFTP on the test sshd, rooted at <paramref name="rootDir"/>.</summary>
    public static JsonObject SftpStorage(string id, string rootDir) => new()
    {
        ["id"] = id,
        ["name"] = $"SFTP storage ({id})",
        ["type"] = "STORAGE",
        ["storage"] = Storage(rootDir, null, null),
    };

    /// <summary>A well-formed SHA-256 fingerprint of a host key that is not the test server's.</summary>
    public static string OtherHostKeyFingerprint()
    {
        var digest = new byte[32];
        Random.Shared.NextBytes(digest);
        var fingerprint = "SHA256:" + Convert.ToBase64String(digest).TrimEnd('=');
        return fingerprint == RemoteTestEnvironment.SshHostKeyFingerprint ? OtherHostKeyFingerprint() : fingerprint;
    }

    private static JsonObject Endpoint(string protocol, string? hostKeyFingerprint, string? privateKey) => new()
    {
        ["protocol"] = protocol,
        ["host"] = RemoteTestEnvironment.SshHost,
        ["port"] = RemoteTestEnvironment.SshPort,
        ["hostKeyFingerprint"] = hostKeyFingerprint ?? RemoteTestEnvironment.SshHostKeyFingerprint,
        ["auth"] = new JsonObject
        {
            ["username"] = RemoteTestEnvironment.SshUser,
            ["type"] = "SSHKEYS",
            ["privateKey"] = privateKey ?? RemoteTestEnvironment.SshPrivateKeyText,
        },
    };

    private static JsonObject Storage(string rootDir, string? hostKeyFingerprint, string? privateKey)
    {
        var storage = Endpoint("SFTP", hostKeyFingerprint, privateKey);
        storage["rootDir"] = rootDir;
        return storage;
    }
}
