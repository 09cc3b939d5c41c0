namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Make sure the durable reminder that revives the job after a crash exists, before the job leaves ACCEPTED.</summary>
public sealed record EnsureReminder : JobCommand
{
    public override bool RunsBeforeWrite => true;
}
