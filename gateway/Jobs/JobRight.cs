namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// What a route does to a job, and so what the caller must be allowed (docs/security.md, "Shared jobs"). The owner and
/// the tenant's admins have every right; a user the job is shared with has <see cref="Read"/> (READ) or also
/// <see cref="Write"/> (WRITE), never <see cref="Manage"/>.
/// </summary>
public enum JobRight
{
    /// <summary>See the job: get, status, history, outputs, its permissions, and lists.</summary>
    Read,

    /// <summary>Change the job: cancel (kill, stop), pause, resume, hide, unhide, resubmit, the legacy action form.</summary>
    Write,

    /// <summary>Change whom the job is shared with (POST and DELETE on pems).</summary>
    Manage,
}
