using AloeOrleans.Grains.Search;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// A page of a tenant's jobs. <see cref="Owner"/> null means every job of the tenant (tenant admins); otherwise it is the
/// caller, whose list holds the jobs they own and those shared with them (READ or more). <see cref="OrderBy"/> is a
/// search field name (see <see cref="JobSearchFields"/>), already validated. <see cref="Terms"/> (null: none) are ANDed
/// search terms over <see cref="JobSearchFields.Table"/>; hidden jobs are left out unless a term names <c>visible</c>.
/// </summary>
public sealed record JobListQuery(
    string TenantId,
    string? Owner,
    int Limit,
    int Offset,
    string OrderBy,
    bool Descending,
    IReadOnlyList<SearchTerm>? Terms = null);
