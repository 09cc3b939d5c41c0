using System.Collections.Frozen;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Search;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// The query string of <c>GET /apps/v2</c> and <c>GET /systems/v2</c>: <c>limit</c> and <c>offset</c> as for jobs
/// (<see cref="PageParameters"/>), output shaping, and every other parameter a search term over the kind's fields
/// (docs/api.md, "Searching apps and systems"); nothing is ignored silently.
/// </summary>
internal static class CatalogListParameters
{
    /// <summary>Parameters that shape or page the answer; every other one is a search term.</summary>
    private static readonly FrozenSet<string> NonSearch =
        new[] { "pretty", "naked", "filter", "limit", "offset" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(IQueryCollection query, SearchFieldTable fields, out PageParameters page, out IReadOnlyList<SearchTerm> terms,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        terms = [];
        if (!PageParameters.TryParse(query, out page, out error))
        {
            return false;
        }

        return SearchTermParser.TryParse(QueryTerms.Of(query, NonSearch), fields, out terms, out error);
    }
}
