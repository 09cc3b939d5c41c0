using System.Text.RegularExpressions;

namespace AloeOrleans.Gateway.Operations;

/// <summary>The rules for the paths the operator pages answer on.</summary>
public static partial class OperatorPaths
{
    private static readonly string[] ApiPrefixes = ["/jobs", "/systems", "/apps", "/health", "/openapi", "/notifications"];

    public static bool IsValid(string? path) =>
        path is not null && path.Length <= 100 && SafePath().IsMatch(path)
        && !ApiPrefixes.Any(prefix => Normalize(path).Equals(prefix, StringComparison.OrdinalIgnoreCase)
            || Normalize(path).StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>Without a trailing slash: <c>/dashboard/</c> and <c>/dashboard</c> are the same page.</summary>
    public static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    // Segments of letters, digits, "-" and "_", an optional trailing slash; no empty segment, no "." or "..".
    [GeneratedRegex("^(/[A-Za-z0-9_-]+)+/?$")]
    private static partial Regex SafePath();
}
