using AloeOrleans.Grains.Security;

namespace AloeOrleans.Grains.Sharing;

/// <summary>
/// Whether a name can receive a job permission: the rule every token's user name already follows (docs/security.md,
/// "Who is trusted with what"), so a name no token can carry is refused instead of stored.
/// </summary>
public static class GranteeName
{
    /// <summary>The length of the username columns (and of a token's user name).</summary>
    public const int MaxLength = 64;

    public static bool TryValidate(string? name, string field, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(name))
        {
            error = $"{field} is required: the user to share the job with.";
            return false;
        }

        if (!HomeFolderName.IsValid(name))
        {
            error = $"{field} '{JobPermissionParser.Shorten(name)}' is not a user name: it must {HomeFolderName.Rule}.";
            return false;
        }

        if (name.Length > MaxLength)
        {
            error = $"{field} has {name.Length} characters; a user name has at most {MaxLength}.";
            return false;
        }

        return true;
    }
}
