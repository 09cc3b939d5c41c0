using System.Text.Json.Nodes;
using AloeOrleans.Grains.Sharing;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The wire shape of one user's permission on a job (docs/api.md, "Sharing a job"), as Agave 2.2 wrote it:
/// <c>{username, internalUsername: null, permission: {read, write}, _links: {self, parent, profile}}</c>.
/// </summary>
public static class PermissionJson
{
    public static JsonObject ToJson(Guid jobUuid, string username, JobPermission permission, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(permission);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["username"] = username,
            // Agave's internal users (sub-accounts of an API user) do not exist here; the field stays for its clients.
            ["internalUsername"] = null,
            ["permission"] = new JsonObject { ["read"] = permission.Read, ["write"] = permission.Write },
            ["_links"] = new JsonObject
            {
                ["self"] = Href(Self(jobUuid, username, links)),
                ["parent"] = Href(links.Self(jobUuid)),
                ["profile"] = Href(links.Owner(username)),
            },
        };
    }

    /// <summary>The URL of one user's permission: <c>jobs/v2/{id}/pems/{user}</c>, the user escaped as one segment.</summary>
    public static string Self(Guid jobUuid, string username, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return $"{links.Permissions(jobUuid)}/{Uri.EscapeDataString(username)}";
    }

    private static JsonObject Href(string url) => new() { ["href"] = url };
}
