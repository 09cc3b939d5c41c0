namespace AloeOrleans.Grains.Notifications;

/// <summary>The wait before the next try of a delivery under a <see cref="NotificationPolicy"/>. Pure.</summary>
public static class RetrySchedule
{
    private static readonly int[] ExponentialSeconds = [5, 15, 60, 900];
    private const int ExponentialCeilingSeconds = 3600;

    /// <summary>
    /// After <paramref name="failedTries"/> failed tries (1 after the first), how long to wait before the next one, or
    /// null when the policy allows no more.
    /// </summary>
    public static TimeSpan? NextDelay(NotificationPolicy policy, int failedTries)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(failedTries, 1);
        if (policy.RetryStrategy == RetryStrategy.NONE || failedTries > policy.RetryLimit)
        {
            return null;
        }

        return policy.RetryStrategy switch
        {
            RetryStrategy.IMMEDIATE => TimeSpan.Zero,
            RetryStrategy.DELAYED => TimeSpan.FromSeconds(policy.RetryRate),
            _ => TimeSpan.FromSeconds(failedTries <= ExponentialSeconds.Length ? ExponentialSeconds[failedTries - 1] : ExponentialCeilingSeconds),
        };
    }
}
