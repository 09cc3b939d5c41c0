using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Sharing;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The history lines of sharing (docs/api.md, "Job history"): who changed whose permission to what. The event names are
/// Agave's; <c>createdBy</c> is the user who made the change.
/// </summary>
public static class PermissionHistory
{
    public const string GrantEvent = "PERMISSION_GRANT";
    public const string RevokeEvent = "PERMISSION_REVOKE";

    public static JobEventWrite Granted(string username, JobPermission permission, string grantedBy)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return new JobEventWrite(GrantEvent, $"{permission.Name} permission granted to {username} by {grantedBy}", grantedBy);
    }

    public static JobEventWrite Revoked(string username, string revokedBy) =>
        new(RevokeEvent, $"All permissions of {username} revoked by {revokedBy}", revokedBy);

    public static JobEventWrite RevokedAll(string revokedBy) =>
        new(RevokeEvent, $"All permissions revoked by {revokedBy}: the job is no longer shared", revokedBy);
}
