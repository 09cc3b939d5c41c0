using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The outcome of <see cref="IJobSubmissionService.SubmitAsync"/>. <see cref="Job"/> is set for
/// <see cref="SubmitStatus.Accepted"/> and <see cref="SubmitStatus.AlreadyAccepted"/>; <see cref="Errors"/> for
/// <see cref="SubmitStatus.Invalid"/>; <see cref="Message"/> may explain any outcome (e.g. the full queue's name).
/// </summary>
public sealed record SubmitResult(SubmitStatus Status, JobRecord? Job, IReadOnlyList<SubmissionError> Errors, string? Message);
