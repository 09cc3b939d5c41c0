namespace AloeOrleans.Grains.Execution;

/// <summary>
/// One LOCAL system's storage root as declared: where it comes from (a seed file, or the database for a system
/// already stored), its tenant and system, and its rootDir as written.
/// </summary>
public sealed record LocalRootDeclaration(string Source, string TenantId, string SystemId, string RootDir);
