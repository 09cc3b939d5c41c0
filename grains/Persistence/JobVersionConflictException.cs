namespace AloeOrleans.Grains.Persistence;

/// <summary>The job row changed since the writer read it: the writer must reload before deciding again.</summary>
public sealed class JobVersionConflictException(Guid uuid, int expectedVersion)
    : Exception($"Job {uuid} is no longer at version {expectedVersion}; another writer changed it.")
{
    public Guid Uuid { get; } = uuid;
    public int ExpectedVersion { get; } = expectedVersion;
}
