using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Grains.Outputs;

/// <summary>One file or folder inside a job's output folder: its absolute path, its path relative to the folder, and what it is.</summary>
public sealed record OutputTarget(string AbsolutePath, string RelativePath, FileEntry Entry);
