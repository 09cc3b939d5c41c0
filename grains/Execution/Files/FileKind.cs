namespace AloeOrleans.Grains.Execution.Files;

/// <summary>What a path on a system is, seen without following a final symbolic link.</summary>
public enum FileKind
{
    Missing,
    File,
    Directory,

    /// <summary>A symbolic link, device, socket or pipe: never read, written through or archived.</summary>
    Other,
}
