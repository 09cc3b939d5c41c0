namespace AloeOrleans.Grains.Execution.Files;

/// <summary>
/// POSIX path arithmetic for remote hosts, done lexically (no I/O): the host may not be this machine, so
/// <see cref="Path.GetFullPath(string)"/> cannot be asked.
/// </summary>
public static class RemotePaths
{
    /// <summary>
    /// <paramref name="relative"/> under <paramref name="root"/> (absolute). A leading <c>/</c> means the root; <c>.</c>
    /// segments drop out; a <c>..</c> segment or a NUL is refused.
    /// </summary>
    /// <exception cref="PathOutsideRootException">The path would leave the root.</exception>
    public static string Resolve(string root, string relative)
    {
        if (!root.StartsWith('/'))
        {
            throw new ArgumentException($"The root '{root}' is not an absolute path.", nameof(root));
        }

        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathOutsideRootException(relative, "contains a NUL character");
        }

        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != ".").ToList();
        if (segments.Contains(".."))
        {
            throw new PathOutsideRootException(relative, "contains a '..' segment");
        }

        return segments.Aggregate(Normalize(root), Join);
    }

    /// <summary>The root without trailing or doubled separators; <c>/</c> stays <c>/</c>.</summary>
    public static string Normalize(string root)
    {
        var segments = root.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            throw new PathOutsideRootException(root, "contains a '..' segment");
        }

        return "/" + string.Join('/', segments.Where(segment => segment != "."));
    }

    public static string Join(string directory, string relative) =>
        relative.Length == 0 ? directory : directory.EndsWith('/') ? directory + relative : $"{directory}/{relative}";

    /// <summary>The paths from just below <paramref name="root"/> down to <paramref name="path"/> (which lies under it).</summary>
    public static IEnumerable<string> PathsBelow(string root, string path)
    {
        var current = Normalize(root);
        var rest = path.Length > current.Length ? path[current.Length..].Trim('/') : "";
        foreach (var segment in rest.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Join(current, segment);
            yield return current;
        }
    }
}
