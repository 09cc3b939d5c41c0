namespace AloeOrleans.Grains.Submission;

/// <summary>
/// Where an input may come from (docs/api.md, "Body"): a URI with a supported scheme, or a path relative to the app's
/// storage system. Decision: a path may start with <c>/</c> (the storage system's root, as Agave read it), but no path
/// may contain a <c>..</c> segment, so no input can reach outside the root it is resolved against.
/// </summary>
internal static class InputLocationRules
{
    public static readonly IReadOnlyList<string> SupportedSchemes = ["http", "https", "sftp", "ftp", "irods", "irods4", "agave"];

    private static readonly IReadOnlyList<string> SchemesAgaveHadButAloeDropped = ["gridftp", "azure", "s3"];

    /// <summary>Returns why <paramref name="location"/> is not acceptable (without the field name), or null when it is.</summary>
    public static string? FindProblem(string location)
    {
        if (location.Trim().Length == 0)
        {
            return "must not be empty or blank";
        }

        // A control character in a location is never intended and could split a command or a log line later.
        if (location.Any(char.IsControl))
        {
            return "must not contain control characters (newline, tab, NUL …)";
        }

        var schemeEnd = location.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return HasParentSegment(location) ? "must not contain a '..' path segment" : null;
        }

        var scheme = location[..schemeEnd].ToLowerInvariant();
        if (SchemesAgaveHadButAloeDropped.Contains(scheme))
        {
            return $"scheme '{scheme}' is not supported by Aloe; use one of {string.Join(", ", SupportedSchemes)}";
        }

        if (!SupportedSchemes.Contains(scheme))
        {
            return $"scheme '{JsonValueDescription.Shorten(scheme)}' is not allowed; use one of {string.Join(", ", SupportedSchemes)} or a path relative to the app's storage system";
        }

        var rest = location[(schemeEnd + 3)..];
        var hostEnd = rest.IndexOf('/');
        var host = hostEnd < 0 ? rest : rest[..hostEnd];
        var path = hostEnd < 0 ? "" : rest[hostEnd..];
        if (host.Length == 0)
        {
            return scheme == "agave"
                ? "must be agave://<systemId>/<path>; the system id is missing"
                : $"must name a host after {scheme}://";
        }

        if (scheme == "agave" && path.Trim('/').Length == 0)
        {
            return "must be agave://<systemId>/<path>; the path is missing";
        }

        // A URL that does not parse would only fail later, at staging: refuse it now (a common cause is an unescaped
        // '@' or ':' in a user name or password, which must be percent-encoded).
        if (scheme != "agave" && !Uri.TryCreate(location, UriKind.Absolute, out _))
        {
            return "is not a valid URL (percent-encode reserved characters such as '@', ':' and '/' in a user name or password)";
        }

        return HasParentSegment(path.Split('?', '#')[0]) ? "must not contain a '..' path segment" : null;
    }

    public static bool HasParentSegment(string path) => path.Split('/', '\\').Any(segment => segment == "..");
}
