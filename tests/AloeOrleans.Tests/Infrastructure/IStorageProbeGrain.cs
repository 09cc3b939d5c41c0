namespace AloeOrleans.Tests.Infrastructure;

[Alias("aloe.test.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    [Alias("Write")] Task Write(ProbeState state);
    [Alias("Read")] Task<ProbeReading> Read();
    [Alias("Clear")] Task Clear();
    [Alias("Deactivate")] Task Deactivate();
}
