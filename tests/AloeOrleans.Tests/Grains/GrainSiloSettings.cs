namespace AloeOrleans.Tests.Grains;

/// <summary>What a grain test varies in its silo's configuration (section <c>Aloe:Queues</c> and friends).</summary>
public sealed record GrainSiloSettings
{
    /// <summary><c>Aloe:Queues:NumWorkers</c>, used for the tenant's DefaultQueue.</summary>
    public int NumWorkers { get; init; } = 4;

    /// <summary><c>Aloe:Queues:MaxMessages</c>, used for the tenant's DefaultQueue.</summary>
    public int MaxMessages { get; init; } = 100;

    /// <summary><c>Aloe:Queues:ReconcileInterval</c>.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The interval of every status check of a job on the <c>local</c> system (<c>Aloe:Monitoring:StepsBySystem:local</c>).</summary>
    public TimeSpan LocalCheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
