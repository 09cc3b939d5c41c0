using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The id of a recovery group in URLs: its key ("tenant/CONDITION/hash", <see cref="RecoveryTest.GroupKey"/>) without the
/// tenant, as "CONDITION-hash" (e.g. <c>SSH_CONNECTION_FAILURE-0123456789abcdef</c>): no <c>/</c>, and the tenant always
/// comes from the caller, so an id can only ever name a group of the caller's tenant. Pure.
/// </summary>
public static partial class RecoveryGroupIds
{
    /// <summary>What an id looks like, for messages.</summary>
    public const string Shape = "CONDITION-<16 hex digits>, e.g. SSH_CONNECTION_FAILURE-0123456789abcdef";

    /// <summary>The id of the group <paramref name="groupKey"/>; the key itself when it is not of the expected shape.</summary>
    public static string IdOf(string groupKey)
    {
        ArgumentNullException.ThrowIfNull(groupKey);
        var parts = groupKey.Split('/');
        return parts.Length == 3 ? $"{parts[1]}-{parts[2]}" : groupKey;
    }

    /// <summary>The key of the group <paramref name="id"/> of <paramref name="tenantId"/>, or false when <paramref name="id"/> is not an id.</summary>
    public static bool TryKeyOf(string tenantId, string id, out string groupKey)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        groupKey = "";
        if (id is null || !IdPattern().IsMatch(id))
        {
            return false;
        }

        var dash = id.LastIndexOf('-');
        groupKey = $"{tenantId}/{id[..dash]}/{id[(dash + 1)..]}";
        return true;
    }

    [GeneratedRegex(@"\A[A-Z][A-Z_]{0,63}-[0-9a-f]{16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
