namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Ask the job's tenant queue for a worker slot; it answers with <c>SlotGrantedAsync</c>.</summary>
public sealed record RequestSlot : JobCommand;
