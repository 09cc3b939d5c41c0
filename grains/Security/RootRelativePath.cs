namespace AloeOrleans.Grains.Security;

/// <summary>
/// A path under a system's root as users give it (Agave's convention: a leading <c>/</c> means the root), as its
/// segments: empty and <c>.</c> segments drop out, so <c>/alice//x/./y</c> is <c>alice, x, y</c> and <c>/</c>,
/// <c>""</c> and <c>.</c> are the root (no segment). Pure, lexical; symbolic links are the file layer's business.
/// </summary>
public static class RootRelativePath
{
    /// <summary>False, with the reason, for a path with a <c>..</c> segment or a control character.</summary>
    public static bool TrySplit(string path, out IReadOnlyList<string> segments, out string problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        segments = [];
        if (path.Any(char.IsControl))
        {
            problem = "it contains control characters";
            return false;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != ".").ToList();
        if (parts.Contains(".."))
        {
            problem = "it contains a '..' segment";
            return false;
        }

        segments = parts;
        problem = "";
        return true;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsUnder(IReadOnlyList<string> path, IReadOnlyList<string> folder) =>
        path.Count >= folder.Count && folder.Select((segment, i) => segment == path[i]).All(same => same);

    /// <summary>The path as <c>a/b/c</c>, or <c>/</c> for the root.</summary>
    public static string Join(IReadOnlyList<string> segments) => segments.Count == 0 ? "/" : string.Join('/', segments);
}
