namespace AloeOrleans.Grains.Execution;

/// <summary>A user-given path would leave the root of its system.</summary>
public sealed class PathOutsideRootException(string path, string reason)
    : Exception($"Path '{path}' is not allowed: it {reason}.")
{
    public string GivenPath { get; } = path;
}
