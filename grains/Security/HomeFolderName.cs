namespace AloeOrleans.Grains.Security;

/// <summary>
/// Whether a name can be one folder of a path: a user's home (<c>&lt;user&gt;/</c>, the default archive path, the work
/// dirs) and a tenant's folders are named after the user and the tenant, so a name must be exactly one path segment.
/// </summary>
public static class HomeFolderName
{
    /// <summary>The rule, to follow "must …" in a message.</summary>
    public const string Rule = "be one folder name: not empty, not '.' or '..', without '/', '\\' or control characters";

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name is not ("." or "..")
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));
}
