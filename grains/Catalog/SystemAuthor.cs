namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Who writes a system definition, which decides what it may contain: the operator (seed catalog files) may define
/// systems on the service's own host (LOCAL login and storage); a tenant admin (<c>/systems/v2</c>) may not.
/// </summary>
public enum SystemAuthor
{
    /// <summary>A seed catalog file of the operator (<c>Aloe:Catalog:SeedFiles</c>).</summary>
    Operator,

    /// <summary>A tenant administrator through <c>/systems/v2</c>.</summary>
    TenantAdmin,
}
