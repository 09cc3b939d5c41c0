namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Who submits: the tenant, the user name and the roles, all taken from the verified JWT, and whether the user
/// administers the tenant (the admin role or a row in <c>aloe_tenant_admins</c>), which lets them read and write any
/// path of the tenant's systems.
/// </summary>
public sealed record SubmissionIdentity(string TenantId, string Owner, IReadOnlyList<string> Roles, bool IsTenantAdmin = false);
