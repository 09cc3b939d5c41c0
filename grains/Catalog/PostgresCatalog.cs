using System.Collections.Concurrent;
using System.Text.Json;
using AloeOrleans.Grains.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Apps and systems in <c>aloe_apps</c>/<c>aloe_systems</c>. Reads are served from a per-tenant snapshot that is
/// reloaded after <see cref="PersistenceOptions.CatalogCacheDuration"/> or when a write through this instance
/// invalidates it, so the submit path never waits on the database once warm.
/// </summary>
public sealed class PostgresCatalog(NpgsqlDataSource dataSource, IOptions<PersistenceOptions> options, TimeProvider timeProvider)
    : ICatalog
{
    private readonly ConcurrentDictionary<string, Task<TenantCatalog>> _tenants = new(StringComparer.Ordinal);

    public async ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).Apps.GetValueOrDefault(appId);

    public async ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).Systems.GetValueOrDefault(systemId);

    public async ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).DefaultStorage;

    /// <summary>Creates or replaces a system. The app uuid rules do not apply; credentials are not stored by this call.</summary>
    public async Task UpsertSystemAsync(string tenantId, SystemDefinition system, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO aloe_systems (tenant_id, id, type, is_default, definition) VALUES (@tenant_id, @id, @type, @is_default, @definition) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET type = excluded.type, is_default = excluded.is_default, " +
            "definition = excluded.definition, last_updated = now()");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("id", system.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("type", system.Type.ToString()));
        command.Parameters.Add(new NpgsqlParameter<bool>("is_default", system.Default));
        command.Parameters.Add(new NpgsqlParameter("definition", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(system, CatalogJson.Options) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        Invalidate(tenantId);
    }

    /// <summary>Creates or replaces an app; its uuid is assigned on first registration and kept on updates.</summary>
    public async Task<AppDefinition> UpsertAppAsync(string tenantId, AppDefinition app, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO aloe_apps (tenant_id, id, uuid, execution_system, definition) VALUES (@tenant_id, @id, @uuid, @execution_system, @definition) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET execution_system = excluded.execution_system, " +
            "definition = excluded.definition, last_updated = now() RETURNING uuid");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("id", app.Id));
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", Guid.NewGuid()));
        command.Parameters.Add(new NpgsqlParameter<string>("execution_system", app.ExecutionSystem));
        command.Parameters.Add(new NpgsqlParameter("definition", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(app with { Uuid = "" }, CatalogJson.Options) });
        var uuid = (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
        Invalidate(tenantId);
        return app with { Uuid = uuid.ToString() };
    }

    /// <summary>Drops the cached snapshot of a tenant so the next read loads it again.</summary>
    public void Invalidate(string tenantId) => _tenants.TryRemove(tenantId, out _);

    private Task<TenantCatalog> GetTenantAsync(string tenantId)
    {
        var loading = _tenants.GetOrAdd(tenantId, LoadAsync);
        if (loading.IsCompletedSuccessfully && timeProvider.GetUtcNow() - loading.Result.LoadedAt > options.Value.CatalogCacheDuration)
        {
            // Stale: replace it, but only once even if many requests notice at the same moment.
            var fresh = LoadAsync(tenantId);
            loading = _tenants.TryUpdate(tenantId, fresh, loading) ? fresh : _tenants.GetOrAdd(tenantId, LoadAsync);
        }
        else if (loading.IsFaulted || loading.IsCanceled)
        {
            _tenants.TryRemove(new KeyValuePair<string, Task<TenantCatalog>>(tenantId, loading));
            loading = _tenants.GetOrAdd(tenantId, LoadAsync);
        }

        return loading;
    }

    private async Task<TenantCatalog> LoadAsync(string tenantId)
    {
        var apps = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        var systems = new Dictionary<string, SystemDefinition>(StringComparer.Ordinal);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT uuid, definition::text FROM aloe_apps WHERE tenant_id = $1") { Parameters = { new() { Value = tenantId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT definition::text FROM aloe_systems WHERE tenant_id = $1") { Parameters = { new() { Value = tenantId } } });
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var app = JsonSerializer.Deserialize<AppDefinition>(reader.GetString(1), CatalogJson.Options)!;
            apps[app.Id] = app with { Uuid = reader.GetGuid(0).ToString() };
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var system = JsonSerializer.Deserialize<SystemDefinition>(reader.GetString(0), CatalogJson.Options)!;
            systems[system.Id] = system;
        }

        return new TenantCatalog(timeProvider.GetUtcNow(), apps, systems);
    }
}
