namespace AloeOrleans.Grains.Notifications;

/// <summary>When a failed delivery is tried again (docs/notifications.md, "Retry policy"); Agave's names.</summary>
public enum RetryStrategy
{
    /// <summary>One try only.</summary>
    NONE,

    /// <summary>Again at once, up to the retry limit.</summary>
    IMMEDIATE,

    /// <summary>Again after <c>retryRate</c> seconds each time.</summary>
    DELAYED,

    /// <summary>Again after 5 s, 15 s, 60 s, 900 s, then every 3600 s.</summary>
    EXPONENTIAL,
}
