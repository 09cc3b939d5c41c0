using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Finds the registered system and path an input is read from, the same way for the submission's access check and
/// for staging: a plain path lies on the tenant's default storage, <c>agave://system/path</c> on that system,
/// <c>sftp://[user@]host[:port]/absolute/path</c> on the SFTP system of the tenant on that host (and user) whose
/// rootDir holds the path. Pure: the tenant's catalog is given.
/// </summary>
public static class InputLocator
{
    public static InputLocation Locate(InputSource source, string tenantId, TenantCatalog tenant)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tenant);
        return source.Scheme switch
        {
            "storage" => OnStorage(source, tenantId, tenant),
            "sftp" => OnSftpHost(source, tenantId, tenant),
            _ => InputLocation.NotOnASystem,
        };
    }

    private static InputLocation OnStorage(InputSource source, string tenantId, TenantCatalog tenant)
    {
        if (source.SystemId is null)
        {
            return tenant.DefaultStorage is { } storage
                ? InputLocation.OnSystem(storage, source.Path)
                : InputLocation.Unresolved($"tenant {tenantId} has no default storage system; use agave://<systemId>/<path>");
        }

        // The same answer whether the system is another tenant's or nobody's: a tenant never learns another's ids.
        return tenant.Systems.TryGetValue(source.SystemId, out var system)
            ? InputLocation.OnSystem(system, source.Path)
            : InputLocation.Unresolved($"system '{source.SystemId}' does not exist in tenant {tenantId}");
    }

    private static InputLocation OnSftpHost(InputSource source, string tenantId, TenantCatalog tenant)
    {
        if (!Uri.TryCreate(source.Original, UriKind.Absolute, out var uri))
        {
            return InputLocation.Unresolved("it is not a valid sftp:// URL");
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? SshEndpoint.DefaultPort : uri.Port;
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[0]);
        string path;
        try
        {
            path = RemotePaths.Resolve("/", Uri.UnescapeDataString(uri.AbsolutePath));
        }
        catch (PathOutsideRootException outside)
        {
            return InputLocation.Unresolved(outside.Message);
        }

        var system = tenant.SftpSystemsOn(uri.Host, port).FirstOrDefault(candidate =>
            (user.Length == 0 || candidate.Storage.Auth?.Username == user)
            && SafePath.IsUnder(RemotePaths.Normalize(candidate.Storage.RootDir), path));
        if (system is null)
        {
            return InputLocation.Unresolved(
                $"no SFTP system of tenant {tenantId} on {uri.Host}:{port}{(user.Length > 0 ? $" for user {user}" : "")} has {path} under its rootDir; " +
                "register one so its credential and host key are known");
        }

        var root = RemotePaths.Normalize(system.Storage.RootDir);
        return InputLocation.OnSystem(system, path.Length > root.Length ? path[root.Length..] : "/");
    }
}
