using System.Globalization;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Chooses the remote (scheduler) queue of the execution system for a job's resources (docs/queues.md,
/// "A system's batch queues"). A queue with any negative limit is ignored, never read as "unlimited"
/// (as Aloe drops them: a limit that cannot be read must not become no limit).
/// </summary>
internal static class RemoteQueueSelector
{
    public static RemoteQueueChoice Choose(SystemDefinition system, string? requestedQueue, string? appDefaultQueue, JobResourceRequest job)
    {
        if (system.Queues.Count == 0)
        {
            return requestedQueue is null
                ? new RemoteQueueChoice(null, null)
                : Fail($"batchQueue: execution system {system.Id} has no batch queues (scheduler {system.Scheduler}); remove batchQueue");
        }

        var usable = system.Queues.Where(HasOnlyValidLimits).ToList();
        if (requestedQueue is not null)
        {
            return ChooseRequested(system, requestedQueue, usable, job);
        }

        // Preference: the app's default queue, then the system's, then the first in declaration order that fits.
        var preferred = usable
            .Where(queue => queue.Name == appDefaultQueue)
            .Concat(usable.Where(queue => queue.Default))
            .Concat(usable);
        var chosen = preferred.FirstOrDefault(queue => Fits(queue, job));
        return chosen is not null
            ? new RemoteQueueChoice(chosen.Name, null)
            : Fail($"batchQueue: no queue of execution system {system.Id} fits the job ({Describe(job)}); queues: {DescribeAll(system.Queues)}. Ask for fewer resources");
    }

    private static RemoteQueueChoice ChooseRequested(SystemDefinition system, string requestedQueue, List<SystemQueue> usable, JobResourceRequest job)
    {
        var queue = system.Queues.FirstOrDefault(candidate => candidate.Name == requestedQueue);
        if (queue is null)
        {
            return Fail($"batchQueue: \"{JsonValueDescription.Shorten(requestedQueue)}\" is not a queue of execution system {system.Id}; its queues are {string.Join(", ", system.Queues.Select(candidate => candidate.Name))}");
        }

        if (!usable.Contains(queue))
        {
            return Fail($"batchQueue: queue {queue.Name} of execution system {system.Id} is ignored because it has a negative or unreadable limit ({Describe(queue)}); choose another queue");
        }

        return Fits(queue, job)
            ? new RemoteQueueChoice(queue.Name, null)
            : Fail($"batchQueue: the job ({Describe(job)}) exceeds the limits of queue {queue.Name} ({Describe(queue)}); ask for fewer resources or another queue");
    }

    private static bool HasOnlyValidLimits(SystemQueue queue) =>
        queue.MaxJobs >= 0
        && queue.MaxUserJobs >= 0
        && queue.MaxNodes >= 0
        && queue.MaxProcessorsPerNode >= 0
        && queue.MaxMemoryPerNode >= 0
        && RunTime.TryParseHours(queue.MaxRequestedTime, out _, out _);

    private static bool Fits(SystemQueue queue, JobResourceRequest job) =>
        job.NodeCount <= queue.MaxNodes
        && job.ProcessorsPerNode <= queue.MaxProcessorsPerNode
        && job.MemoryPerNodeGb <= queue.MaxMemoryPerNode
        && RunTime.TryParseHours(queue.MaxRequestedTime, out var maxHours, out _)
        && job.MaxHours <= maxHours;

    private static RemoteQueueChoice Fail(string message) => new(null, new SubmissionError("batchQueue", message));

    private static string Describe(JobResourceRequest job) => string.Create(
        CultureInfo.InvariantCulture,
        $"nodeCount {job.NodeCount}, processorsOnEachNode {job.ProcessorsPerNode}, memoryPerNode {job.MemoryPerNodeGb:0.###} GB, maxHours {job.MaxHours:0.###}");

    private static string Describe(SystemQueue queue) => string.Create(
        CultureInfo.InvariantCulture,
        $"maxNodes {queue.MaxNodes}, maxProcessorsPerNode {queue.MaxProcessorsPerNode}, maxMemoryPerNode {queue.MaxMemoryPerNode:0.###} GB, maxRequestedTime {queue.MaxRequestedTime}");

    private static string DescribeAll(IEnumerable<SystemQueue> queues) =>
        string.Join("; ", queues.Select(queue => HasOnlyValidLimits(queue)
            ? $"{queue.Name} ({Describe(queue)})"
            : $"{queue.Name} (ignored: negative or unreadable limit)"));
}
