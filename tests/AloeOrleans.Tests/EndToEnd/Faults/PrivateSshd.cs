using System.Globalization;
using AloeOrleans.Tests.Infrastructure;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// An sshd of one test class's own, run by the project's <c>scripts/sshd.sh</c> with a state folder in a temp folder
/// and a free port, so the test can stop and start it without disturbing the shared test server. It serves the same
/// machine-wide test user with its own host key and client key (the script authorizes that key for the user; disposing
/// takes the authorization back).
/// </summary>
public sealed class PrivateSshd : IAsyncDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"aloe-sshd-{Guid.NewGuid():N}");
    private readonly int port = TestPorts.Free();
    private Dictionary<string, string> environment = new(StringComparer.Ordinal);

    private PrivateSshd()
    {
        UnitOnlyRun.RefuseServer("a private sshd (scripts/sshd.sh)");
    }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port => port;

    /// <summary>Its host key's SHA-256 fingerprint, as a system definition gives it.</summary>
    public string HostKeyFingerprint => environment["ALOE_SSH_HOST_KEY_FINGERPRINT"];

    /// <summary>The private key (OpenSSH text) the test user accepts from this server's clients.</summary>
    public string PrivateKeyText => File.ReadAllText(environment["ALOE_SSH_KEY"]);

    public static async Task<PrivateSshd> StartAsync()
    {
        var server = new PrivateSshd();
        Directory.CreateDirectory(server.dataDir);
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>scripts/sshd.sh stop</c>: the listener goes; sessions already open stay (see <see cref="TcpRelay.CutAll"/>).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary><c>scripts/sshd.sh start</c>, then reads the server's <c>env</c> lines.</summary>
    public async Task StartAgainAsync()
    {
        await RunAsync("start");
        environment = (await RunAsync("env"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
            RevokeClientKey();
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Takes this server's client key out of the test user's authorized keys (it dies with the temp folder).</summary>
    private void RevokeClientKey()
    {
        if (!environment.TryGetValue("ALOE_SSH_PUBLIC_KEY", out var publicKeyFile) || !File.Exists(publicKeyFile))
        {
            return;
        }

        var publicKey = File.ReadAllText(publicKeyFile).Trim();
        var authorized = AuthorizedKeysOfTestUser();
        if (File.Exists(authorized))
        {
            var kept = File.ReadAllLines(authorized).Where(line => line.Trim() != publicKey);
            File.WriteAllLines(authorized, kept);
        }
    }

    private string AuthorizedKeysOfTestUser()
    {
        var user = environment["ALOE_SSH_USER"];
        var entry = File.ReadLines("/etc/passwd").First(line => line.StartsWith(user + ":", StringComparison.Ordinal)).Split(':');
        return Path.Combine(entry[5], ".ssh", "authorized_keys");
    }

    private Task<string> RunAsync(string command) => ProjectScript.RunAsync("sshd.sh", command, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ALOE_DATA_DIR"] = dataDir,
        ["ALOE_SSHD_PORT"] = port.ToString(CultureInfo.InvariantCulture),
    });
}
