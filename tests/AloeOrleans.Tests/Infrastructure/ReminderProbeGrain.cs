namespace AloeOrleans.Tests.Infrastructure;

[GrainType("test-reminder-probe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public Task Register(string name, TimeSpan period) => this.RegisterOrUpdateReminder(name, period, period);

    public async Task<string[]> Names() => [.. (await this.GetReminders()).Select(r => r.ReminderName)];

    public async Task Unregister(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // The tests use long periods and only check what is stored; a tick has nothing to do.
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
