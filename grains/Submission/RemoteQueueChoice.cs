namespace AloeOrleans.Grains.Submission;

/// <summary>The remote queue chosen for a job (null for a system without queues), or why none could be.</summary>
internal sealed record RemoteQueueChoice(string? QueueName, SubmissionError? Error);
