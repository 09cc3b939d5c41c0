namespace AloeOrleans.Grains.Sharing;

/// <summary>What a grant or revoke did: changed the stored permission (and wrote its history line), nothing, or found no job.</summary>
public enum PermissionChange
{
    Changed,
    Unchanged,
    JobMissing,
}
