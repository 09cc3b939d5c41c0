namespace AloeOrleans.Tests.Infrastructure;

[GrainType("test-storage-probe")]
public sealed class StorageProbeGrain(
    [PersistentState("probe", "Default")] IPersistentState<ProbeState> probe) : Grain, IStorageProbeGrain
{
    public Task Write(ProbeState state)
    {
        probe.State = state;
        return probe.WriteStateAsync();
    }

    public Task<ProbeReading> Read() => Task.FromResult(new ProbeReading(probe.State, probe.RecordExists, probe.Etag));

    public Task Clear() => probe.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
