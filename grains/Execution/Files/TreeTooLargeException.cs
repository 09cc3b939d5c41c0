namespace AloeOrleans.Grains.Execution.Files;

/// <summary>A directory to copy holds more files than the caller allows; nothing of it was copied.</summary>
public sealed class TreeTooLargeException(string directory, int maxFiles)
    : IOException($"{directory} holds more than {maxFiles} files.")
{
    public string Directory => directory;

    public int MaxFiles => maxFiles;
}
