using System.Diagnostics;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

/// <summary>The run-as account as a root service resolves it (these tests run as root, as CI does).</summary>
public sealed class LocalRunAsAccountTests
{
    [Fact]
    public async Task Several_processes_creating_the_same_missing_user_at_once_all_end_up_with_that_one_user()
    {
        Assert.True(Environment.IsPrivilegedProcess, "Run as root: only root switches users.");
        var name = $"aloe-t{Guid.NewGuid():N}"[..20];
        try
        {
            var identities = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Account(name).IdentityAsync(CancellationToken.None))));

            Assert.All(identities, identity => Assert.Equal(identities[0], identity));
            Assert.NotNull(identities[0]);
            Assert.NotEqual(0, identities[0]!.Uid);
            var entry = await OutputOfAsync("getent", "passwd", name);
            Assert.EndsWith(":/nonexistent:/usr/sbin/nologin", entry, StringComparison.Ordinal);
        }
        finally
        {
            await OutputOfAsync("userdel", name);
        }
    }

    [Fact]
    public async Task Root_as_the_run_as_user_is_refused() =>
        Assert.Contains("is root (uid 0)",
            (await Assert.ThrowsAsync<InvalidOperationException>(() => Account("root").IdentityAsync(CancellationToken.None))).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("Root")]
    [InlineData("a b")]
    [InlineData("x:0:0")]
    public async Task A_name_that_is_not_a_user_name_is_refused(string name) =>
        Assert.Contains("is not a user name",
            (await Assert.ThrowsAsync<InvalidOperationException>(() => Account(name).IdentityAsync(CancellationToken.None))).Message,
            StringComparison.Ordinal);

    [Fact]
    public async Task A_missing_user_is_not_created_when_creation_is_off()
    {
        var name = $"aloe-t{Guid.NewGuid():N}"[..20];

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Account(name, create: false).IdentityAsync(CancellationToken.None));

        Assert.Contains($"'{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    private static LocalRunAsAccount Account(string name, bool create = true)
    {
        var options = Options.Create(new ExecutionOptions { LocalRunAs = name, CreateLocalRunAs = create });
        return new LocalRunAsAccount(options, new SystemRoots(DataFolder.At(Path.GetTempPath())), NullLogger<LocalRunAsAccount>.Instance);
    }

    private static async Task<string> OutputOfAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
