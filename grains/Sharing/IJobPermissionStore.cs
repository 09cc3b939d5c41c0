using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Grains.Sharing;

/// <summary>
/// The permissions granted on jobs (<c>aloe_job_permissions</c>). Every write names the job's tenant and changes nothing
/// when the job is not in it; a change and its history line are one statement, so neither is ever stored without the other.
/// </summary>
public interface IJobPermissionStore
{
    /// <summary>The grant of <paramref name="username"/> on the job, or null when there is none.</summary>
    Task<JobGrant?> FindAsync(Guid jobUuid, string tenantId, string username, CancellationToken cancellationToken);

    /// <summary>The job's grants in username order (the owner's implied ALL is not among them).</summary>
    Task<IReadOnlyList<JobGrant>> ListAsync(Guid jobUuid, string tenantId, int limit, int offset, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the permission of <paramref name="username"/> (not NONE: use <see cref="RevokeAsync"/>) and appends
    /// <paramref name="historyEvent"/> when it changed.
    /// </summary>
    Task<PermissionChange> GrantAsync(
        Guid jobUuid, string tenantId, string username, JobPermission permission, string grantedBy, JobEventWrite historyEvent,
        CancellationToken cancellationToken);

    /// <summary>Removes the grant of <paramref name="username"/>, appending <paramref name="historyEvent"/> when there was one.</summary>
    Task<PermissionChange> RevokeAsync(Guid jobUuid, string tenantId, string username, JobEventWrite historyEvent, CancellationToken cancellationToken);

    /// <summary>Removes every grant of the job, appending <paramref name="historyEvent"/> once when there was any.</summary>
    Task<PermissionChange> RevokeAllAsync(Guid jobUuid, string tenantId, JobEventWrite historyEvent, CancellationToken cancellationToken);
}
