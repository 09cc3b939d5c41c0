namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// A job's specification: what the user asked for once validation settled it (the app and its execution system,
/// inputs, parameters, resources, archive, notifications). The one shape from the validated submission through the
/// grain call and the stored row to the wire (docs/api.md, "The job object"); the job's lifecycle fields live beside
/// it in <see cref="JobRecord"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobSpec")]
public sealed record JobSpec
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required string AppId { get; init; }

    /// <summary>The UUID of the app version the job was validated against.</summary>
    [Id(2)] public required string AppUuid { get; init; }

    /// <summary>The execution system the job runs on.</summary>
    [Id(3)] public required string SystemId { get; init; }

    [Id(4)] public JobResourceRequest Resources { get; init; } = JobResourceRequest.None;

    /// <summary>The inputs as a JSON object: input id → list of locations.</summary>
    [Id(5)] public string Inputs { get; init; } = "{}";

    /// <summary>The parameters as a JSON object: parameter id → value.</summary>
    [Id(6)] public string Parameters { get; init; } = "{}";

    [Id(7)] public JobArchiveRequest Archive { get; init; } = new();

    /// <summary>The notifications as a JSON array.</summary>
    [Id(8)] public string Notifications { get; init; } = "[]";
}
