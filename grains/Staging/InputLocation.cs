using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Where an input value lies: a path under the root of a registered system of the tenant (<see cref="System"/> and
/// <see cref="Path"/>), nowhere the tenant registered (an http(s), ftp or iRODS URL), or nowhere it can be found
/// (<see cref="Problem"/> says why).
/// </summary>
public sealed record InputLocation
{
    private InputLocation(SystemDefinition? system, string path, string? problem)
    {
        System = system;
        Path = path;
        Problem = problem;
    }

    /// <summary>An input that is not read from a registered system (http(s), ftp, iRODS).</summary>
    public static InputLocation NotOnASystem { get; } = new(null, "", null);

    /// <summary>The system the input lies on; null for <see cref="NotOnASystem"/> and unresolved inputs.</summary>
    public SystemDefinition? System { get; }

    /// <summary>The path under the system's root (a leading <c>/</c> means the root).</summary>
    public string Path { get; }

    /// <summary>Why the input names no system of the tenant (no such system, no SFTP system on that host …).</summary>
    public string? Problem { get; }

    public static InputLocation OnSystem(SystemDefinition system, string path) => new(system, path, null);

    public static InputLocation Unresolved(string problem) => new(null, "", problem);
}
