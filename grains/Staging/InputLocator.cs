using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Execution.Ssh;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Finds the registered system and path an input is read from, the same way for the submission's access check, for
/// staging and for the check that a system is still in use: a plain path lies on the app's storage system
/// (<see cref="RelativeInputSystem"/>), <c>agave://system/path</c> on that system,
/// <c>sftp://[user@]host[:port]/absolute/path</c> on the SFTP system of the tenant on that host (and user) whose
/// rootDir holds the path. Pure: the tenant's catalog and the job's app are given.
/// </summary>
public static class InputLocator
{
    /// <param name="app">The job's app; null only where it is not known (then a plain path lies on the default storage).</param>
    public static InputLocation Locate(InputSource source, string tenantId, TenantCatalog tenant, AppDefinition? app)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tenant);
        return source.Scheme switch
        {
            "storage" => OnStorage(source, tenantId, tenant, app),
            "sftp" => OnSftpHost(source, tenantId, tenant),
            _ => InputLocation.NotOnASystem,
        };
    }

    /// <summary>
    /// Where a plain (relative) input path lies (docs/api.md, "Body"): on the app's storage system, as the jobs service
    /// has always said: its deployment system when that is a STORAGE system (Agave's apps always named one). An app
    /// deployed from its execution system has no storage system of its own; its plain paths lie on the tenant's
    /// default storage, as Agave 2.2 resolved every plain path. Null when there is neither.
    /// </summary>
    public static SystemDefinition? RelativeInputSystem(AppDefinition? app, TenantCatalog tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return app?.DeploymentSystem is { } deployment && tenant.Systems.TryGetValue(deployment, out var system) && system.Type == SystemType.STORAGE
            ? system
            : tenant.DefaultStorage;
    }

    private static InputLocation OnStorage(InputSource source, string tenantId, TenantCatalog tenant, AppDefinition? app)
    {
        if (source.SystemId is null)
        {
            return RelativeInputSystem(app, tenant) is { } storage
                ? InputLocation.OnSystem(storage, source.Path)
                : InputLocation.Unresolved(
                    $"a plain path lies on the app's storage system or the tenant's default storage, and tenant {tenantId} has neither; use agave://<systemId>/<path>");
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
