namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Run <see cref="Work"/> outside the grain's turn; its end comes back as a <see cref="WorkEnded"/>.</summary>
public sealed record StartWork(JobWork Work) : JobCommand;
