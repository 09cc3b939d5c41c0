using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>The search terms of a query string: every parameter but those that shape or page the answer, each value its own term.</summary>
public static class QueryTerms
{
    public static IEnumerable<KeyValuePair<string, string>> Of(IQueryCollection query, FrozenSet<string> nonSearch)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(nonSearch);
        return query
            .Where(parameter => !nonSearch.Contains(parameter.Key))
            .SelectMany(parameter => parameter.Value.Select(value => KeyValuePair.Create(parameter.Key, value ?? "")));
    }
}
