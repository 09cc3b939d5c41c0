using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The parameters of an SSH test: "<c>systemId</c>" (its login block, else its storage) or "<c>systemId login</c>" /
/// "<c>systemId storage</c>". System ids never hold a space (docs/api.md), so the text reads back unambiguously.
/// </summary>
public static class SshTestParameters
{
    public static string Write(string systemId, SshBlock block) => $"{systemId} {(block == SshBlock.Storage ? "storage" : "login")}";

    /// <summary>The system and, when the parameters name one, the block to test.</summary>
    public static (string SystemId, SshBlock? Block) Read(string parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var space = parameters.LastIndexOf(' ');
        return space < 0 ? (parameters, null)
            : parameters[(space + 1)..] switch
            {
                "login" => (parameters[..space], SshBlock.Login),
                "storage" => (parameters[..space], SshBlock.Storage),
                _ => (parameters, null),
            };
    }
}
