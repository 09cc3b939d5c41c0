using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Grains.Outputs;

/// <summary>
/// Where a job's outputs are read from: the archive folder once the job is archived, else its work folder on the
/// execution system. <see cref="Path"/> is absolute on <see cref="Files"/>.
/// </summary>
public sealed record OutputFolder(ISystemFiles Files, string Path, bool Archived)
{
    public string SystemId => Files.SystemId;
}
