using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// <c>limit</c> and <c>offset</c> of the paged routes. A <c>limit</c> above <see cref="MaxLimit"/> is clamped to it
/// rather than refused: legacy clients asked for big pages and keep working, they just page on with <c>offset</c>.
/// </summary>
public sealed record PageParameters(int Limit, int Offset)
{
    public const int MaxLimit = 100;

    public static bool TryParse(IQueryCollection query, out PageParameters page, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        page = new PageParameters(MaxLimit, 0);
        error = "";

        var limit = MaxLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            error = $"limit must be an integer from 1 to {MaxLimit} (larger values are reduced to {MaxLimit}), not '{limitText}'.";
            return false;
        }

        var offset = 0;
        if (query.TryGetValue("offset", out var offsetText)
            && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            error = $"offset must be an integer of 0 or more, not '{offsetText}'.";
            return false;
        }

        page = new PageParameters(Math.Min(limit, MaxLimit), offset);
        return true;
    }
}
