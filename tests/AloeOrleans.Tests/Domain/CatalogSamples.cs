using System.Text.Json;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Tests.Domain;

/// <summary>A small app, systems and requests that validator tests vary with <c>with</c> expressions.</summary>
internal static class CatalogSamples
{
    public static readonly SubmissionIdentity Identity = new("tenant-a", "alice", ["Internal/everyone", "jobs-user"]);

    public static AppDefinition App { get; } = new()
    {
        Id = "wc-1.0",
        Name = "wc",
        Version = "1.0",
        Uuid = "app-uuid-1",
        ExecutionSystem = "hpc",
        TemplatePath = "wrapper.sh",
        Parallelism = AppParallelism.PARALLEL,
    };

    public static SystemDefinition Fork { get; } = new() { Id = "local", Type = SystemType.EXECUTION };

    public static SystemDefinition Storage { get; } = new() { Id = "store", Type = SystemType.STORAGE, Default = true };

    public static SubmissionRequest BaseRequest { get; } = new() { AppId = "wc-1.0", Name = "count words" };

    /// <summary>A tenant's catalog holding <paramref name="systems"/> (the systems inputs may name).</summary>
    public static TenantCatalog TenantOf(params SystemDefinition[] systems) =>
        new(DateTimeOffset.UnixEpoch, new Dictionary<string, AppDefinition>(),
            systems.DistinctBy(system => system.Id).ToDictionary(system => system.Id, StringComparer.Ordinal));

    public static SystemQueue Queue(string name, int maxNodes = 16, int maxProcessors = 32, double maxMemoryGb = 64, string maxTime = "48:00:00", bool isDefault = false) => new()
    {
        Name = name,
        Default = isDefault,
        MaxNodes = maxNodes,
        MaxProcessorsPerNode = maxProcessors,
        MaxMemoryPerNode = maxMemoryGb,
        MaxRequestedTime = maxTime,
    };

    public static SystemDefinition Slurm(params SystemQueue[] queues) => new()
    {
        Id = "hpc",
        Type = SystemType.EXECUTION,
        Scheduler = SchedulerKind.SLURM,
        Queues = queues,
    };

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static AppInput Input(string id, bool required = false, string? defaultJson = null, int min = 0, int max = 1, string? validator = null) => new()
    {
        Id = id,
        Value = new AppInputValue { Required = required, Default = defaultJson is null ? null : Json(defaultJson), Validator = validator },
        Semantics = new AppInputSemantics { MinCardinality = min, MaxCardinality = max },
    };

    public static AppParameter Parameter(string id, AppParameterType type, bool required = false, string? defaultJson = null, string? validator = null, bool visible = true, params string[] enumValues) => new()
    {
        Id = id,
        Value = new AppParameterValue
        {
            Type = type,
            Required = required,
            Default = defaultJson is null ? null : Json(defaultJson),
            Validator = validator,
            Visible = visible,
            EnumValues = enumValues,
        },
    };
}
