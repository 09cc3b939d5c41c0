namespace AloeOrleans.Grains.Sharing;

/// <summary>One stored permission of a user on a job (<c>aloe_job_permissions</c>); always in the job's own tenant.</summary>
public sealed record JobGrant(Guid JobUuid, string TenantId, string Username, JobPermission Permission, string GrantedBy, DateTimeOffset GrantedAt);
