using System.Collections.Frozen;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Persistence;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>Turns the query string of <c>GET /jobs/v2</c> into a <see cref="JobListQuery"/> or a 400 message.</summary>
public static class ListParameters
{
    public const string DefaultOrderBy = "lastupdated";

    /// <summary>Parameters that shape or page the answer; every other one would be a search term.</summary>
    private static readonly FrozenSet<string> NonSearch =
        new[] { "pretty", "naked", "filter", "limit", "offset", "order", "orderBy" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(IQueryCollection query, Caller caller, out JobListQuery listQuery, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        listQuery = null!;

        // Unknown parameters are never ignored silently (docs/api.md, "Reading jobs"); the search language itself
        // is a later feature, so for now every search term is refused with a message saying so.
        var term = query.Keys.FirstOrDefault(key => !NonSearch.Contains(key));
        if (term is not null)
        {
            error = $"Search term '{term}' is not supported yet: GET /jobs/v2 currently accepts only "
                + "limit, offset, order, orderBy, filter, pretty and naked.";
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
            descending);
        return true;
    }
}
