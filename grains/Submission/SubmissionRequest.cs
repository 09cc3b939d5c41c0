using System.Text.Json;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// A job submission request after the structural checks of <see cref="SubmissionRequestParser"/> (known fields,
/// exact JSON types, lengths, required fields), before it is checked against the app. Values are as the user sent them.
/// </summary>
public sealed record SubmissionRequest
{
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public bool? Archive { get; init; }
    public string? ArchivePath { get; init; }
    public string? ArchiveSystem { get; init; }
    public string? BatchQueue { get; init; }

    /// <summary>Input name → the values given (a single string becomes a one-element list).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Inputs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Parameter name → the JSON value given, its type not yet checked against the app.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();

    public string? MemoryPerNode { get; init; }
    public int? NodeCount { get; init; }
    public int? ProcessorsOnEachNode { get; init; }
    public int? ProcessorsPerNode { get; init; }
    public string? MaxRunTime { get; init; }
    public IReadOnlyList<NotificationRequest> Notifications { get; init; } = [];
}
