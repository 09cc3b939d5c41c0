using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Catalog;

/// <summary>What an active job says about the systems it uses: its status, app, execution and archive system, its inputs.</summary>
/// <param name="Inputs">The stored inputs (JSON), or null when the job has staged them already.</param>
public sealed record ActiveJobReference(
    Guid Uuid, JobStatus Status, JobStatus? SuspendedFrom, string AppId, string SystemId, bool Archive, string ArchiveSystem, string? Inputs);
