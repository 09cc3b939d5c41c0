namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Which of a group's jobs go when its test passed. Pure. Every waiting job goes when the test admits any number; when it
/// admits only some (a quota's room), the oldest waiting jobs go first, by when they were accepted (then by when they
/// blocked), and jobs already released that have not left the group yet (on their way back, waiting for a worker slot)
/// take their share of the room first, so two tests in a row do not both fill the same slot.
/// </summary>
public static class RecoveryRelease
{
    public static IReadOnlyList<Guid> Choose(IReadOnlyList<RecoveryMember> members, int releaseAtMost)
    {
        ArgumentNullException.ThrowIfNull(members);
        var waiting = members.Where(member => member.ReleasedAt is null)
            .OrderBy(member => member.Accepted ?? member.BlockedAt)
            .ThenBy(member => member.BlockedAt)
            .ThenBy(member => member.JobUuid)
            .Select(member => member.JobUuid);
        if (releaseAtMost == int.MaxValue)
        {
            return waiting.ToList();
        }

        var onTheirWay = members.Count(member => member.ReleasedAt is not null);
        return waiting.Take(Math.Max(0, releaseAtMost - onTheirWay)).ToList();
    }
}
