using System.Runtime.InteropServices;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Resolves user-given paths under a root so that nothing can leave it: not <c>..</c>, not an absolute path, not a
/// symlink pointing outside. A leading <c>/</c> means the root itself (Agave paths are rooted at the system's rootDir).
/// </summary>
public static partial class SafePath
{
    /// <summary>The absolute path of <paramref name="relative"/> under <paramref name="root"/>; throws <see cref="PathOutsideRootException"/>.</summary>
    public static string Resolve(string root, string relative)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathOutsideRootException(relative, "contains a NUL character");
        }

        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(segment => segment == ".."))
        {
            throw new PathOutsideRootException(relative, "contains a '..' segment");
        }

        var combined = Path.GetFullPath(Path.Combine([fullRoot, .. segments.Where(segment => segment != ".")]));
        EnsureUnder(fullRoot, combined, relative);

        // A symlink inside the root may point outside it: check where the deepest existing ancestor really is.
        var existing = combined;
        while (!Path.Exists(existing) && existing.Length > fullRoot.Length)
        {
            existing = Path.GetDirectoryName(existing)!;
        }

        var realRoot = RealPath(fullRoot) ?? fullRoot;
        var real = RealPath(existing);
        if (real is null && new FileInfo(existing).LinkTarget is not null)
        {
            // A dangling symlink has no real path to check, yet writing through it creates its target wherever that is.
            throw new PathOutsideRootException(relative, "leads through a symbolic link whose target does not exist");
        }

        if (real is not null && real != realRoot)
        {
            EnsureUnder(realRoot, real, relative);
        }

        return combined;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both absolute).</summary>
    public static bool IsUnder(string root, string path)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(root);
        // "/" keeps its separator when trimmed: it is its own prefix.
        var prefix = fullRoot.EndsWith('/') ? fullRoot : fullRoot + "/";
        return path == fullRoot || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static void EnsureUnder(string root, string path, string given)
    {
        if (!IsUnder(root, path))
        {
            throw new PathOutsideRootException(given, "leads outside its system's root");
        }
    }

    /// <summary>
    /// Refuses a file opened from under <paramref name="root"/> that turns out to be elsewhere: between listing and
    /// opening, a process that can write in the root (a job in its work dir) may have swapped the file, or a folder on
    /// its path, for a symbolic link. Where the open file really is comes from <c>/proc/self/fd</c>.
    /// </summary>
    /// <exception cref="PathOutsideRootException">The open file lies outside the root.</exception>
    public static void EnsureOpenedUnder(string root, Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path)
    {
        var realRoot = RealPath(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))) ?? root;
        var opened = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        if (opened is null || !IsUnder(realRoot, opened))
        {
            throw new PathOutsideRootException(path, "was replaced by a link to a file outside its system's root");
        }
    }

    private static string? RealPath(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern IntPtr realpath(string path, IntPtr resolvedPath);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
