using System.Collections.Frozen;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Search;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>Turns the query string of <c>GET /jobs/v2</c> into a <see cref="JobListQuery"/> or a 400 message.</summary>
public static class ListParameters
{
    public const string DefaultOrderBy = "lastupdated";

    /// <summary>Parameters that shape or page the answer; every other one is a search term.</summary>
    private static readonly FrozenSet<string> NonSearch =
        new[] { "pretty", "naked", "filter", "limit", "offset", "order", "orderBy" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <param name="pathTerms">The terms of the path form <c>/jobs/v2/search/{field}/{value}/…</c>, before the query's own.</param>
    public static bool TryParse(IQueryCollection query, Caller caller, out JobListQuery listQuery, out string error,
        IEnumerable<KeyValuePair<string, string>>? pathTerms = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        listQuery = null!;

        // Every parameter that does not shape or page the answer is a search term; an unknown one is refused, never
        // ignored (docs/api.md, "Searching jobs").
        var parameters = (pathTerms ?? []).Concat(QueryTerms.Of(query, NonSearch));
        if (!SearchTermParser.TryParse(parameters, JobSearchFields.Table, out var terms, out error))
        {
            return false;
        }

        if (!PageParameters.TryParse(query, out var page, out error))
        {
            return false;
        }

        var descending = true;
        if (query.TryGetValue("order", out var order))
        {
            if (string.Equals(order, "ASC", StringComparison.OrdinalIgnoreCase))
            {
                descending = false;
            }
            else if (!string.Equals(order, "DESC", StringComparison.OrdinalIgnoreCase))
            {
                error = $"order must be ASC or DESC, not '{order}'.";
                return false;
            }
        }

        var orderBy = DefaultOrderBy;
        if (query.TryGetValue("orderBy", out var orderByText))
        {
            if (!JobSearchFields.TryGetColumn(orderByText.ToString(), out _))
            {
                error = $"orderBy must be one of {string.Join(", ", JobSearchFields.Names)}, not '{orderByText}'.";
                return false;
            }

            orderBy = orderByText.ToString().ToLowerInvariant();
        }

        // Admins list the whole tenant; everyone else their own jobs and those shared with them (docs/api.md, "Sharing a job").
        listQuery = new JobListQuery(
            caller.TenantId,
            caller.IsTenantAdmin ? null : caller.User,
            page.Limit,
            page.Offset,
            orderBy,
            descending,
            terms.Count == 0 ? null : terms);
        return true;
    }
}
