using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Ssh;
using Xunit;

namespace AloeOrleans.Tests.Execution.Ssh;

/// <summary>Building endpoints from system definitions; pure, no server.</summary>
public class SshEndpointTests
{
    private const string Fingerprint = "SHA256:tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q";
    private const string Key = "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n-----END OPENSSH PRIVATE KEY-----\n";

    private static SystemDefinition System(SystemLogin? login) => new() { Id = "hpc", Type = SystemType.EXECUTION, Login = login };

    private static SystemLogin Login(string type = "SSHKEYS", string? key = Key, string? password = null, string? fingerprint = Fingerprint, int port = 0) => new()
    {
        Protocol = "SSH",
        Host = "login.example.org",
        Port = port,
        Auth = new SystemAuth { Username = "alice", Type = type, PrivateKey = key, Password = password },
        HostKeyFingerprint = fingerprint,
    };

    [Fact]
    public void A_complete_login_block_gives_an_endpoint_with_port_22_by_default()
    {
        var endpoint = SshEndpoint.ForLogin(System(Login()));
        Assert.Equal("login.example.org", endpoint.Host);
        Assert.Equal(22, endpoint.Port);
        Assert.Equal("alice", endpoint.Username);
        Assert.Equal(SshAuthKind.PrivateKey, endpoint.AuthKind);
        Assert.Equal(Key, endpoint.PrivateKey);
        Assert.Null(endpoint.Password);
        Assert.Equal(Fingerprint, endpoint.HostKeyFingerprint);
    }

    [Fact]
    public void A_storage_block_with_password_gives_an_endpoint()
    {
        var system = new SystemDefinition
        {
            Id = "store",
            Type = SystemType.STORAGE,
            Storage = new SystemStorage
            {
                Protocol = "SFTP",
                Host = "files.example.org",
                Port = 2222,
                Auth = new SystemAuth { Username = "bob", Type = "PASSWORD", Password = "hunter2-secret" },
                HostKeyFingerprint = Fingerprint.Replace("SHA256:", "", StringComparison.Ordinal) + "=",
            },
        };
        var endpoint = SshEndpoint.ForStorage(system);
        Assert.Equal(2222, endpoint.Port);
        Assert.Equal(SshAuthKind.Password, endpoint.AuthKind);
        Assert.Equal(Fingerprint, endpoint.HostKeyFingerprint);
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var login = new SystemLogin { Protocol = "LOCAL", Port = 70000, Auth = new SystemAuth { Type = "SSHKEYS" }, HostKeyFingerprint = "MD5:aa:bb" };
        var error = Assert.Throws<SshEndpointException>(() => SshEndpoint.ForLogin(System(login)));
        Assert.Contains("login.protocol is LOCAL", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.host is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.port 70000", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.auth.username is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.auth.privateKey is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.hostKeyFingerprint is not a SHA256 fingerprint", error.Message, StringComparison.Ordinal);
        Assert.Contains("system hpc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_login_password_and_fingerprint_are_reported()
    {
        Assert.Contains("no login block", Assert.Throws<SshEndpointException>(() => SshEndpoint.ForLogin(System(null))).Message, StringComparison.Ordinal);
        var error = Assert.Throws<SshEndpointException>(() => SshEndpoint.ForLogin(System(Login("PASSWORD", key: null, fingerprint: null))));
        Assert.Contains("login.auth.password is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("login.hostKeyFingerprint is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("not SSHKEYS or PASSWORD",
            Assert.Throws<SshEndpointException>(() => SshEndpoint.ForLogin(System(Login("X509")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_and_the_pool_key_hold_no_secret()
    {
        var withKey = SshEndpoint.ForLogin(System(Login()));
        var withPassword = SshEndpoint.ForLogin(System(Login("PASSWORD", key: null, password: "hunter2-secret")));
        foreach (var endpoint in new[] { withKey, withPassword })
        {
            foreach (var text in new[] { endpoint.ToString(), endpoint.PoolKey, $"{endpoint}" })
            {
                Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
                Assert.Contains("alice@login.example.org:22", text, StringComparison.Ordinal);
            }
        }
        Assert.NotEqual(withKey.PoolKey, withPassword.PoolKey);
        Assert.NotEqual(withPassword.PoolKey, (withPassword with { Password = "other" }).PoolKey);
        Assert.Equal(withKey.PoolKey, SshEndpoint.ForLogin(System(Login())).PoolKey);
    }

    [Theory]
    [InlineData("SHA256:tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", "tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", true)]
    [InlineData("sha256:tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q=", "tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", true)]
    [InlineData("SHA256:tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", "THsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", false)]
    [InlineData("SHA256:tHsVoa6lq2dSpHNxXDeyBCe2xGhiB2k2hTO3Fw3ji3Q", "", false)]
    public void Fingerprints_compare_ignoring_prefix_and_padding(string expected, string presented, bool matches) =>
        Assert.Equal(matches, HostKeyFingerprints.Matches(expected, presented));
}
