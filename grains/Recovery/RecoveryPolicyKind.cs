namespace AloeOrleans.Grains.Recovery;

/// <summary>How a recovery group spaces its tests of a condition.</summary>
public enum RecoveryPolicyKind
{
    /// <summary>The same wait between tests (<see cref="RecoveryPolicyOptions.Interval"/>).</summary>
    CONSTANT_BACKOFF,

    /// <summary>Steps of "count × interval" (<see cref="RecoveryPolicyOptions.Steps"/>), then <see cref="RecoveryPolicyOptions.FinalInterval"/>.</summary>
    STEPWISE_BACKOFF,
}
