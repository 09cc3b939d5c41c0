namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>What a remote command left: its exit code (-1 when killed by a signal, see <see cref="ExitSignal"/>) and output.</summary>
public sealed record SshCommandResult(int ExitCode, string StandardOutput, string StandardError, string? ExitSignal = null)
{
    public bool Succeeded => ExitCode == 0;
}
