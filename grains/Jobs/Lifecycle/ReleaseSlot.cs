namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Give back what the job holds in its tenant queue (a worker slot or a backlog place).</summary>
public sealed record ReleaseSlot : JobCommand;
