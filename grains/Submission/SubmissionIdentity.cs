namespace AloeOrleans.Grains.Submission;

/// <summary>Who submits: the tenant, the user name and the roles, all taken from the verified JWT.</summary>
public sealed record SubmissionIdentity(string TenantId, string Owner, IReadOnlyList<string> Roles);
