using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Checks a parsed submission against its app, execution system, archive system and remote queues, applies the app's
/// defaults and normalises units (docs/api.md, "Submitting a job") within the service's
/// <see cref="SubmissionLimits"/>, and checks that the owner may read every input and write the archive folder
/// (<see cref="SubmissionFileAccess"/>). Every broken rule is reported, not only the first. Pure but for the clock that
/// times the validators: the caller resolves the app and systems from the catalog.
/// </summary>
public static class SubmissionValidator
{
    /// <param name="archiveSystem">
    /// The archive target already resolved by the caller from <see cref="SubmissionRequest.ArchiveSystem"/>, or the
    /// tenant's default storage system when the request names none; null when not found.
    /// </param>
    /// <param name="tenant">The tenant's catalog, to find the systems the inputs lie on.</param>
    /// <param name="limits">The service's bounds; <see cref="SubmissionLimits.Default"/> when null.</param>
    /// <param name="clock">Times the app's validators against the budget; the system clock when null.</param>
    public static SubmissionValidationResult Validate(
        SubmissionRequest request,
        SubmissionIdentity identity,
        AppDefinition app,
        SystemDefinition executionSystem,
        SystemDefinition? archiveSystem,
        TenantCatalog tenant,
        SubmissionLimits? limits = null,
        TimeProvider? clock = null)
    {
        limits ??= SubmissionLimits.Default;
        var budget = new ValidationBudget(limits.ValidatorTimeBudget, clock ?? TimeProvider.System);
        var errors = new List<SubmissionError>();
        if (executionSystem.Type != SystemType.EXECUTION)
        {
            errors.Add(new SubmissionError("appId", $"appId: app {app.Id} is misconfigured: its execution system {executionSystem.Id} is a {executionSystem.Type} system; ask the app's owner to fix it"));
        }

        var resources = ResolveResources(request, app, limits, errors);
        var inputsJson = InputResolver.Resolve(request, app, limits, budget, errors);
        StagedInputNames.Check(inputsJson, errors);
        var parametersJson = ParameterResolver.Resolve(request, app, budget, errors);
        if (budget.Refusal is { } spent)
        {
            errors.Add(spent);
        }

        var archive = request.Archive ?? SubmissionDefaults.Archive;
        CheckArchiveSystem(request, identity, archive, archiveSystem, errors);
        SubmissionFileAccess.Check(identity, tenant, app, inputsJson, archive && archiveSystem?.Type == SystemType.STORAGE ? archiveSystem : null,
            request.ArchivePath ?? "", errors);

        string? remoteQueue = null;
        if (resources is not null)
        {
            var choice = RemoteQueueSelector.Choose(executionSystem, request.BatchQueue, app.DefaultQueue, resources);
            if (choice.Error is not null)
            {
                errors.Add(choice.Error);
            }

            remoteQueue = choice.QueueName;
        }

        if (errors.Count > 0 || resources is null)
        {
            return SubmissionValidationResult.Failure(errors);
        }

        return SubmissionValidationResult.Success(new ValidatedSubmission
        {
            TenantId = identity.TenantId,
            Owner = identity.Owner,
            Roles = string.Join(",", identity.Roles),
            Spec = new JobSpec
            {
                Name = request.Name,
                AppId = app.Id,
                AppUuid = app.Uuid,
                SystemId = executionSystem.Id,
                Resources = resources with { RemoteQueue = remoteQueue },
                Inputs = inputsJson,
                Parameters = parametersJson,
                Archive = new JobArchiveRequest
                {
                    Enabled = archive,
                    SystemId = archiveSystem?.Id ?? "",

                    // "" means the service's default archive path, computed when the job is created.
                    Path = request.ArchivePath ?? "",
                },
                Notifications = WriteNotifications(request.Notifications),
            },
        });
    }

    private static JobResourceRequest? ResolveResources(SubmissionRequest request, AppDefinition app, SubmissionLimits limits, List<SubmissionError> errors)
    {
        var errorCountBefore = errors.Count;
        var nodeCount = request.NodeCount ?? app.DefaultNodeCount ?? SubmissionDefaults.NodeCount;
        if (nodeCount < 1)
        {
            errors.Add(new SubmissionError("nodeCount", $"nodeCount: app {app.Id} is misconfigured: its defaultNodeCount {nodeCount} is below 1; give nodeCount"));
        }

        var processorsOnEachNode = ResolveProcessorsOnEachNode(request, app, nodeCount, errors);

        // Decision: Aloe's "should be 1" is enforced as an error, because a serial app given more processors would
        // hold resources it cannot use.
        if (app.Parallelism == AppParallelism.SERIAL && processorsOnEachNode is > 1)
        {
            errors.Add(new SubmissionError("processorsOnEachNode", $"processorsOnEachNode: must be 1 for app {app.Id}, which is SERIAL; got {processorsOnEachNode}"));
        }

        var memoryText = request.MemoryPerNode ?? app.DefaultMemoryPerNode ?? SubmissionDefaults.MemoryPerNode;
        if (!MemorySize.TryParseGb(memoryText, out var memoryGb, out var memoryError))
        {
            errors.Add(new SubmissionError("memoryPerNode", $"memoryPerNode: {memoryError}{DefaultSource(request.MemoryPerNode, app, "defaultMemoryPerNode")}"));
        }

        var runTimeText = request.MaxRunTime ?? app.DefaultMaxRunTime ?? SubmissionDefaults.MaxRunTime;
        if (!RunTime.TryParseHours(runTimeText, out var maxHours, out var runTimeError))
        {
            errors.Add(new SubmissionError("maxRunTime", $"maxRunTime: {runTimeError}{DefaultSource(request.MaxRunTime, app, "defaultMaxRunTime")}"));
        }
        else if (maxHours > limits.MaxRunTime.TotalHours)
        {
            // Every job has a ceiling, also on systems without queues: an unbounded time would never be enforced.
            var ceiling = RunTime.Format(limits.MaxRunTime);
            errors.Add(new SubmissionError("maxRunTime",
                $"maxRunTime: {JsonValueDescription.Shorten(runTimeText)} is longer than this service's ceiling of {ceiling}; ask for at most {ceiling}{DefaultSource(request.MaxRunTime, app, "defaultMaxRunTime")}"));
        }

        return errors.Count == errorCountBefore && processorsOnEachNode is { } processors
            ? new JobResourceRequest { NodeCount = nodeCount, ProcessorsPerNode = processors, MemoryPerNodeGb = memoryGb, MaxHours = maxHours }
            : null;
    }

    /// <summary>
    /// <c>processorsOnEachNode</c> wins; else the deprecated <c>processorsPerNode</c>, which means the job's TOTAL
    /// processors, spread evenly over the nodes; else the app's <c>defaultProcessorsPerNode</c>, which is per node.
    /// </summary>
    private static int? ResolveProcessorsOnEachNode(SubmissionRequest request, AppDefinition app, int nodeCount, List<SubmissionError> errors)
    {
        if (request.ProcessorsOnEachNode is { } onEachNode)
        {
            return onEachNode;
        }

        if (request.ProcessorsPerNode is { } total)
        {
            if (nodeCount >= 1 && total % nodeCount == 0)
            {
                return total / nodeCount;
            }

            errors.Add(new SubmissionError("processorsPerNode", $"processorsPerNode: (deprecated, the job's total processors) {total} does not divide evenly by nodeCount {nodeCount}; use processorsOnEachNode instead"));
            return null;
        }

        var fromApp = app.DefaultProcessorsPerNode ?? SubmissionDefaults.ProcessorsOnEachNode;
        if (fromApp >= 1)
        {
            return fromApp;
        }

        errors.Add(new SubmissionError("processorsOnEachNode", $"processorsOnEachNode: app {app.Id} is misconfigured: its defaultProcessorsPerNode {fromApp} is below 1; give processorsOnEachNode"));
        return null;
    }

    private static void CheckArchiveSystem(SubmissionRequest request, SubmissionIdentity identity, bool archive, SystemDefinition? archiveSystem, List<SubmissionError> errors)
    {
        if (archiveSystem is null)
        {
            if (request.ArchiveSystem is not null)
            {
                errors.Add(new SubmissionError("archiveSystem", $"archiveSystem: {JsonValueDescription.Shorten(request.ArchiveSystem)} is not a storage system of tenant {identity.TenantId}"));
            }
            else if (archive)
            {
                errors.Add(new SubmissionError("archiveSystem", $"archiveSystem: tenant {identity.TenantId} has no default storage system; name one in archiveSystem or set archive to false"));
            }

            return;
        }

        if (archiveSystem.Type != SystemType.STORAGE)
        {
            errors.Add(new SubmissionError("archiveSystem", $"archiveSystem: {archiveSystem.Id} is a {archiveSystem.Type} system, not a STORAGE system of tenant {identity.TenantId}"));
        }
    }

    private static string DefaultSource(string? requested, AppDefinition app, string defaultName) =>
        requested is null ? $" (from {defaultName} of app {app.Id}, which is misconfigured)" : "";

    private static string WriteNotifications(IEnumerable<NotificationRequest> notifications) => JsonText.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var notification in notifications)
        {
            writer.WriteStartObject();
            writer.WriteString("event", notification.Event);
            writer.WriteString("url", notification.Url);
            writer.WriteBoolean("persistent", notification.Persistent);
            writer.WritePropertyName("policy");
            notification.Policy.ToJson().WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });
}
