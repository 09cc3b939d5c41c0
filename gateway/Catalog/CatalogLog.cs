using Microsoft.Extensions.Logging;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>The audit lines of catalog writes: who changed which definition. Never a definition's content (it may hold credentials).</summary>
internal static partial class CatalogLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "System {SystemId} of tenant {TenantId} saved by {User} (created: {Created})")]
    public static partial void SystemSaved(ILogger logger, string tenantId, string systemId, string user, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "System {SystemId} of tenant {TenantId} deleted by {User}")]
    public static partial void SystemDeleted(ILogger logger, string tenantId, string systemId, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {AppId} ({AppUuid}) of tenant {TenantId} saved by {User} (created: {Created})")]
    public static partial void AppSaved(ILogger logger, string tenantId, string appId, string appUuid, string user, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {AppId} of tenant {TenantId} deleted by {User}")]
    public static partial void AppDeleted(ILogger logger, string tenantId, string appId, string user);
}
