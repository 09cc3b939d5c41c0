using AloeOrleans.Grains.Sharing;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Who may do what with a job they can otherwise see (same tenant, past ACCEPTED, not hidden): the whole sharing rule,
/// without I/O (docs/security.md, "Shared jobs"). The owner and tenant admins may do everything; a grantee with READ may
/// read, with WRITE also change the job; nobody else learns that the job exists. Managing permissions is kept to the
/// owner and admins (Agave also let WRITE grantees re-share): a grantee could otherwise pass the job on to anyone.
/// </summary>
public static class JobAccessRule
{
    public static JobAccessVerdict Decide(JobRight required, bool isOwner, bool isTenantAdmin, JobPermission grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (isOwner || isTenantAdmin)
        {
            return JobAccessVerdict.Allowed;
        }

        if (!grant.Read)
        {
            return JobAccessVerdict.NotFound;
        }

        return required switch
        {
            JobRight.Read => JobAccessVerdict.Allowed,
            JobRight.Write => grant.Write ? JobAccessVerdict.Allowed : JobAccessVerdict.Forbidden,
            JobRight.Manage => JobAccessVerdict.Forbidden,
            _ => throw new ArgumentOutOfRangeException(nameof(required), required, "Unknown job right."),
        };
    }

    /// <summary>The 403 message for a caller who sees the job but lacks <paramref name="required"/>.</summary>
    public static string ForbiddenMessage(string id, JobRight required) => required switch
    {
        JobRight.Manage =>
            $"Only the owner of job {id} and the tenant's admins may change whom it is shared with; it is shared with you.",
        _ =>
            $"Job {id} is shared with you for reading only: cancelling, pausing, resuming, hiding or resubmitting it needs " +
            "WRITE, which its owner or a tenant admin can grant.",
    };
}
