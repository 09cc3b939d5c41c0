namespace AloeOrleans.Grains.Execution.Files;

/// <summary>
/// One entry of a folder on a system, seen without following a symbolic link (a link is <see cref="FileKind.Other"/>).
/// <see cref="Writable"/> is the owner's write bit. <see cref="Length"/> is 0 for a folder.
/// </summary>
public sealed record FileEntry(string Name, FileKind Kind, long Length, DateTimeOffset LastModified, bool Writable);
