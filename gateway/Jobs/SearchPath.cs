namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Agave's path form of a job search, <c>/jobs/v2/search/{field[.op]}/{value}[/{field[.op]}/{value}…]</c> (docs/api.md,
/// "Searching jobs"): the part after <c>search/</c>, as sent (still percent-encoded, so an encoded <c>/</c> inside a value
/// stays in the value), read as field/value pairs. Pure.
/// </summary>
public static class SearchPath
{
    public static bool TryParse(string encodedTail, out IReadOnlyList<KeyValuePair<string, string>> terms, out string error)
    {
        ArgumentNullException.ThrowIfNull(encodedTail);
        var segments = encodedTail.Trim('/').Split('/');
        terms = [];
        if (segments.Length % 2 != 0 || segments.Any(segment => segment.Length == 0))
        {
            error = "The search path takes pairs of segments, /jobs/v2/search/{field}/{value}[/{field}/{value}…], "
                + $"with no empty segment; got {segments.Length} segment(s).";
            return false;
        }

        var pairs = new List<KeyValuePair<string, string>>(segments.Length / 2);
        for (var i = 0; i < segments.Length; i += 2)
        {
            // '+' means itself in a path (unlike a query string), so only percent-escapes are decoded.
            pairs.Add(KeyValuePair.Create(Uri.UnescapeDataString(segments[i]), Uri.UnescapeDataString(segments[i + 1])));
        }

        terms = pairs;
        error = "";
        return true;
    }
}
