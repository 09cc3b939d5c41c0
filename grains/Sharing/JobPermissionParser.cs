namespace AloeOrleans.Grains.Sharing;

/// <summary>
/// Reads the <c>permission</c> of a pems request (docs/api.md, "Sharing a job"). The legacy values are accepted in any
/// case: READ; WRITE, READ_WRITE and ALL (the same here: write includes read); NONE, and the empty string the Agave
/// command line sends to revoke, both meaning "no permission".
/// </summary>
public static class JobPermissionParser
{
    public static readonly IReadOnlyList<string> AllowedValues = ["READ", "WRITE", "READ_WRITE", "ALL", "NONE"];

    public static bool TryParse(string? text, out JobPermission permission, out string error)
    {
        permission = JobPermission.None;
        error = "";
        if (text is null)
        {
            error = $"permission is required: one of {string.Join(", ", AllowedValues)}.";
            return false;
        }

        switch (text.Trim().ToUpperInvariant())
        {
            case "READ":
                permission = JobPermission.ReadOnly;
                return true;
            case "WRITE" or "READ_WRITE" or "ALL":
                permission = JobPermission.ReadWrite;
                return true;
            case "NONE" or "":
                permission = JobPermission.None;
                return true;
            default:
                error = $"permission must be one of {string.Join(", ", AllowedValues)} (any case; NONE or empty revokes), " +
                        $"not '{Shorten(text)}'.";
                return false;
        }
    }

    /// <summary>Quotes at most 64 characters of a refused value, so a huge body cannot make a huge message.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
