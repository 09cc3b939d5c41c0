namespace AloeOrleans.Grains.Outputs;

/// <summary>
/// A path inside a job's output folder as a user gives it (docs/api.md, "Job outputs"): segments separated by <c>/</c>,
/// empty and <c>.</c> segments dropped. <c>..</c>, a NUL or another control character is refused, so the result never
/// names anything above the folder. Pure.
/// </summary>
public static class OutputPath
{
    /// <summary>The normalized segments of <paramref name="path"/> (none: the folder itself); false with a message when refused.</summary>
    public static bool TryNormalize(string? path, out IReadOnlyList<string> segments, out string error)
    {
        var parts = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToList();
        segments = parts;
        error = "";
        if (parts.Any(part => part == ".."))
        {
            error = $"path '{Shown(path!)}' contains a '..' segment: only paths inside the job's output folder are served.";
            return false;
        }

        if (parts.Any(part => part.Any(char.IsControl)))
        {
            error = "path contains a control character.";
            return false;
        }

        return true;
    }

    private static string Shown(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
