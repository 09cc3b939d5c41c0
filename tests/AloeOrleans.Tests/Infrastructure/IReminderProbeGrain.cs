namespace AloeOrleans.Tests.Infrastructure;

[Alias("aloe.test.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(string name, TimeSpan period);
    [Alias("Names")] Task<string[]> Names();
    [Alias("Unregister")] Task Unregister(string name);
}
