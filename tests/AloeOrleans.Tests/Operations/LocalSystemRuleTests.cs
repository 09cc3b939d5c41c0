using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Operations;

/// <summary>Which systems are LOCAL, and what <c>Aloe:Execution:LocalSystems=Disabled</c> refuses.</summary>
public sealed class LocalSystemRuleTests
{
    private static readonly SystemDefinition LocalExecution = System("here", SystemType.EXECUTION, login: null, storage: "LOCAL");
    private static readonly SystemDefinition SshExecution = System("hpc", SystemType.EXECUTION, login: "SSH", storage: "SFTP");
    private static readonly SystemDefinition SshLoginLocalFiles = System("mixed", SystemType.EXECUTION, login: "SSH", storage: "LOCAL");
    private static readonly SystemDefinition LocalStorage = System("disk", SystemType.STORAGE, login: null, storage: "LOCAL");
    private static readonly SystemDefinition SftpStorage = System("archive", SystemType.STORAGE, login: null, storage: "SFTP");

    [Fact]
    public void Local_means_running_here_or_keeping_files_here()
    {
        Assert.True(LocalSystems.IsLocal(LocalExecution));
        Assert.True(LocalSystems.IsLocal(System("here2", SystemType.EXECUTION, login: "LOCAL", storage: "SFTP")));
        Assert.True(LocalSystems.IsLocal(SshLoginLocalFiles));
        Assert.True(LocalSystems.IsLocal(LocalStorage));
        Assert.False(LocalSystems.IsLocal(SshExecution));
        Assert.False(LocalSystems.IsLocal(SftpStorage));
    }

    [Fact]
    public void Enabled_refuses_nothing()
    {
        Assert.Null(LocalSystemRule.Refusal(LocalSystemPolicy.Enabled, "a-1.0", LocalExecution, LocalStorage));
    }

    [Fact]
    public void Disabled_refuses_a_local_execution_system_by_the_app()
    {
        var refusal = LocalSystemRule.Refusal(LocalSystemPolicy.Disabled, "a-1.0", LocalExecution, SftpStorage);
        Assert.NotNull(refusal);
        Assert.Equal("appId", refusal.Field);
        Assert.Contains("LOCAL system here", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("appId", LocalSystemRule.Refusal(LocalSystemPolicy.Disabled, "a-1.0", SshLoginLocalFiles, null)?.Field);
    }

    [Fact]
    public void Disabled_refuses_a_local_archive_system_and_accepts_remote_ones()
    {
        Assert.Equal("archiveSystem", LocalSystemRule.Refusal(LocalSystemPolicy.Disabled, "a-1.0", SshExecution, LocalStorage)?.Field);
        Assert.Null(LocalSystemRule.Refusal(LocalSystemPolicy.Disabled, "a-1.0", SshExecution, SftpStorage));
        Assert.Null(LocalSystemRule.Refusal(LocalSystemPolicy.Disabled, "a-1.0", SshExecution, null));
    }

    private static SystemDefinition System(string id, SystemType type, string? login, string storage) => new()
    {
        Id = id,
        Type = type,
        Login = login is null ? null : new SystemLogin { Protocol = login },
        Storage = new SystemStorage { Protocol = storage },
    };
}
