using System.Text.Json.Nodes;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// How a notification's deliveries are retried (docs/notifications.md, "Retry policy"): Agave's policy object with its
/// defaults. <see cref="RetryLimit"/> counts retries, so a delivery gets at most <c>1 + RetryLimit</c> tries.
/// </summary>
public sealed record NotificationPolicy
{
    public const int MaxRetryLimit = 1440;
    public const int MaxSeconds = 86400;

    public static readonly NotificationPolicy Default = new();

    public RetryStrategy RetryStrategy { get; init; } = RetryStrategy.IMMEDIATE;
    public int RetryLimit { get; init; } = 5;
    public int RetryRate { get; init; } = 5;
    public int RetryDelay { get; init; }
    public bool SaveOnFailure { get; init; } = true;

    /// <summary>The policy as Agave spells it, for storage and for responses.</summary>
    public JsonObject ToJson() => new()
    {
        ["retryStrategy"] = RetryStrategy.ToString(),
        ["retryLimit"] = RetryLimit,
        ["retryRate"] = RetryRate,
        ["retryDelay"] = RetryDelay,
        ["saveOnFailure"] = SaveOnFailure,
    };
}
