using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Security;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Apps and systems in <c>aloe_apps</c>/<c>aloe_systems</c>. Reads are served from a per-tenant snapshot that is
/// reloaded after <see cref="PersistenceOptions.CatalogCacheDuration"/> or when a write through this instance
/// invalidates it, so the submit path never waits on the database once warm; other processes of a cluster see a
/// write within that duration. A system's credentials are stored encrypted (<see cref="CredentialProtector"/>) in
/// <c>auth_encrypted</c>, never in the definition column, and are decrypted when the snapshot is loaded. Systems of the
/// operator's seed catalog are marked in <c>operator_defined</c>; a tenant admin's write never changes or deletes one.
/// </summary>
public sealed class PostgresCatalog(
    NpgsqlDataSource dataSource, IOptions<PersistenceOptions> options, TimeProvider timeProvider, CredentialProtector protector)
    : ICatalog, ICatalogRegistry
{
    private readonly ConcurrentDictionary<string, Task<TenantCatalog>> _tenants = new(StringComparer.Ordinal);

    public async ValueTask<AppDefinition?> FindAppAsync(string tenantId, string appId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).Apps.GetValueOrDefault(appId);

    public async ValueTask<SystemDefinition?> FindSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).Systems.GetValueOrDefault(systemId);

    public async ValueTask<SystemDefinition?> FindDefaultStorageAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await GetTenantAsync(tenantId)).DefaultStorage;

    public async ValueTask<TenantCatalog> SnapshotAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await GetTenantAsync(tenantId);

    /// <summary>
    /// Straight from the database, so an API read on any silo sees a write at once. The snapshot is not replaced with
    /// it: a write committed during this load would be hidden until the next refresh.
    /// </summary>
    public Task<TenantCatalog> ReadAsync(string tenantId, CancellationToken cancellationToken) => LoadAsync(tenantId, cancellationToken);

    /// <summary>
    /// Every stored operator-defined system of every tenant whose storage is LOCAL, straight from the database: the
    /// seeder checks that no seeded LOCAL root overlaps one of them. A LOCAL row a tenant admin registered before LOCAL
    /// was refused through the API is never used (<see cref="Execution.SystemAccess"/>), so it cannot block a start.
    /// </summary>
    public async Task<IReadOnlyList<(string TenantId, SystemDefinition System)>> ListLocalSystemsAsync(CancellationToken cancellationToken)
    {
        var systems = new List<(string, SystemDefinition)>();
        await using var command = dataSource.CreateCommand("SELECT tenant_id, definition::text FROM aloe_systems WHERE operator_defined ORDER BY tenant_id, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var system = JsonSerializer.Deserialize<SystemDefinition>(reader.GetString(1), CatalogJson.Options)!;
            if (string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase))
            {
                systems.Add((reader.GetString(0), system));
            }
        }

        return systems;
    }

    public Task<bool> UpsertSystemAsync(string tenantId, SystemDefinition system, CancellationToken cancellationToken) =>
        WriteSystemAsync(tenantId, system, SystemAuthor.TenantAdmin, cancellationToken);

    /// <summary>
    /// Creates or replaces a system of the operator's seed catalog and marks it operator-defined (a system a tenant admin
    /// registered with the same id becomes the operator's); true when it was created.
    /// </summary>
    /// <exception cref="CatalogConflictException">It would turn a system apps run on into a STORAGE system.</exception>
    public Task<bool> SeedSystemAsync(string tenantId, SystemDefinition system, CancellationToken cancellationToken) =>
        WriteSystemAsync(tenantId, system, SystemAuthor.Operator, cancellationToken);

    private async Task<bool> WriteSystemAsync(string tenantId, SystemDefinition system, SystemAuthor author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var byOperator = author == SystemAuthor.Operator;
        var credentials = SystemCredentials.Of(system);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!byOperator)
        {
            await RefuseOperatorSystemsAsync(connection, transaction, tenantId, system, cancellationToken);
        }

        if (system.Type != SystemType.EXECUTION)
        {
            var users = await AppsUsingAsync(connection, tenantId, system.Id, executionOnly: true, cancellationToken);
            if (users.Count > 0)
            {
                throw new CatalogConflictException(
                    $"System {system.Id} cannot become a {system.Type} system: app(s) {string.Join(", ", users)} run on it. Move or delete those apps first.");
            }
        }

        if (system.Default)
        {
            await using var clear = new NpgsqlCommand(
                "UPDATE aloe_systems SET is_default = false, definition = jsonb_set(definition, '{default}', 'false'), last_updated = now() " +
                "WHERE tenant_id = $1 AND id <> $2 AND is_default", connection, transaction)
            {
                Parameters = { new() { Value = tenantId }, new() { Value = system.Id } },
            };
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        // The WHERE of the update keeps an operator's row from a tenant admin's write even if the seeder inserted it
        // after the check above (which locks only a row that already existed).
        await using var command = new NpgsqlCommand(
            "INSERT INTO aloe_systems (tenant_id, id, type, is_default, definition, auth_encrypted, operator_defined) " +
            "VALUES (@tenant_id, @id, @type, @is_default, @definition, @auth_encrypted, @operator_defined) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET type = excluded.type, is_default = excluded.is_default, " +
            "definition = excluded.definition, auth_encrypted = excluded.auth_encrypted, operator_defined = excluded.operator_defined, " +
            "last_updated = now() WHERE excluded.operator_defined OR NOT aloe_systems.operator_defined " +
            "RETURNING (xmax = 0)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("id", system.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("type", system.Type.ToString()));
        command.Parameters.Add(new NpgsqlParameter<bool>("is_default", system.Default));
        command.Parameters.Add(new NpgsqlParameter("definition", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(SystemCredentials.Strip(system) with { LastModified = null }, CatalogJson.Options),
        });
        command.Parameters.Add(new NpgsqlParameter("auth_encrypted", NpgsqlDbType.Bytea)
        {
            Value = credentials.HasSecrets
                ? protector.Protect(JsonSerializer.Serialize(credentials, CatalogJson.Options), CredentialContext(tenantId, system.Id))
                : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter<bool>("operator_defined", byOperator));
        var created = await command.ExecuteScalarAsync(cancellationToken) as bool?
                      ?? throw OperatorSystemException.For(system.Id, "update");
        await transaction.CommitAsync(cancellationToken);
        Invalidate(tenantId);
        return created;
    }

    /// <summary>
    /// A tenant admin may neither replace a system of the operator (its row is locked until commit) nor take the
    /// tenant's default storage from one.
    /// </summary>
    private static async Task RefuseOperatorSystemsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId,
        SystemDefinition system, CancellationToken cancellationToken)
    {
        await using (var existing = new NpgsqlCommand(
            "SELECT operator_defined FROM aloe_systems WHERE tenant_id = $1 AND id = $2 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = system.Id } },
        })
        {
            if (await existing.ExecuteScalarAsync(cancellationToken) is true)
            {
                throw OperatorSystemException.For(system.Id, "update");
            }
        }

        if (!system.Default)
        {
            return;
        }

        await using var defaults = new NpgsqlCommand(
            "SELECT id FROM aloe_systems WHERE tenant_id = $1 AND id <> $2 AND is_default AND operator_defined", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = system.Id } },
        };
        if (await defaults.ExecuteScalarAsync(cancellationToken) is string operatorDefault)
        {
            throw new OperatorSystemException(
                $"default: system {operatorDefault}, defined by the service operator (a seed catalog file), is the tenant's default storage; " +
                "tenant administrators may not make another system the default through /systems/v2. Register this one with \"default\": false, " +
                "or ask the operator to change the seed catalog.");
        }
    }

    public async Task<AppRegistration> UpsertAppAsync(string tenantId, AppDefinition app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The app's systems are locked (against deletion or a type change) until the app row is committed.
        var deploymentSystem = app.DeploymentSystem ?? app.ExecutionSystem;
        await using (var systems = new NpgsqlCommand(
            "SELECT id, type FROM aloe_systems WHERE tenant_id = $1 AND id = ANY($2) FOR KEY SHARE", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = new[] { app.ExecutionSystem, deploymentSystem } } },
        })
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var reader = await systems.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    found[reader.GetString(0)] = reader.GetString(1);
                }
            }

            if (found.GetValueOrDefault(app.ExecutionSystem) != nameof(SystemType.EXECUTION) || !found.ContainsKey(deploymentSystem))
            {
                throw new CatalogConflictException(
                    $"App {app.Id}: its execution system {app.ExecutionSystem} (EXECUTION) and deployment system {deploymentSystem} must exist; one was deleted or changed meanwhile.");
            }
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO aloe_apps (tenant_id, id, uuid, execution_system, definition) VALUES (@tenant_id, @id, @uuid, @execution_system, @definition) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET execution_system = excluded.execution_system, " +
            "definition = excluded.definition, last_updated = now() RETURNING uuid, (xmax = 0), last_updated", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("id", app.Id));
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", Guid.NewGuid()));
        command.Parameters.Add(new NpgsqlParameter<string>("execution_system", app.ExecutionSystem));
        command.Parameters.Add(new NpgsqlParameter("definition", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(app with { Uuid = "", LastModified = null }, CatalogJson.Options) });
        Guid uuid;
        bool created;
        DateTimeOffset lastModified;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            uuid = reader.GetGuid(0);
            created = reader.GetBoolean(1);
            lastModified = reader.GetFieldValue<DateTimeOffset>(2);
        }

        await transaction.CommitAsync(cancellationToken);
        Invalidate(tenantId);
        return new AppRegistration(app with { Uuid = uuid.ToString(), LastModified = lastModified }, created);
    }

    public async Task<SystemDeletion> DeleteSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand(
            "SELECT operator_defined FROM aloe_systems WHERE tenant_id = $1 AND id = $2 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = systemId } },
        })
        {
            switch (await lockRow.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    return SystemDeletion.NotFound;
                case true:
                    return SystemDeletion.DefinedByOperator;
            }
        }

        var users = await AppsUsingAsync(connection, tenantId, systemId, executionOnly: false, cancellationToken);
        if (users.Count > 0)
        {
            return SystemDeletion.InUse(users);
        }

        // Inputs on the default storage are located through the catalog as it stands, with this system still in it.
        var jobs = await ActiveJobQueries.OfSystemAsync(connection, transaction, tenantId, systemId, await LoadAsync(tenantId, cancellationToken),
            cancellationToken);
        if (jobs.Any)
        {
            return SystemDeletion.InUseByJobs(jobs);
        }

        await using var delete = new NpgsqlCommand("DELETE FROM aloe_systems WHERE tenant_id = $1 AND id = $2", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = systemId } },
        };
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Invalidate(tenantId);
        return SystemDeletion.Done;
    }

    public async Task<AppDeletion> DeleteAppAsync(string tenantId, string appId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM aloe_apps WHERE tenant_id = $1 AND id = $2 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = appId } },
        })
        {
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
            {
                return AppDeletion.NotFound;
            }
        }

        var jobs = await ActiveJobQueries.OfAppAsync(connection, transaction, tenantId, appId, cancellationToken);
        if (jobs.Any)
        {
            return AppDeletion.InUse(jobs);
        }

        await using var delete = new NpgsqlCommand("DELETE FROM aloe_apps WHERE tenant_id = $1 AND id = $2", connection, transaction)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = appId } },
        };
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Invalidate(tenantId);
        return AppDeletion.Done;
    }

    /// <summary>Drops the cached snapshot of a tenant so the next read loads it again.</summary>
    public void Invalidate(string tenantId) => _tenants.TryRemove(tenantId, out _);

    private static string CredentialContext(string tenantId, string systemId) => $"aloe_systems:{tenantId}:{systemId}";

    private static async Task<IReadOnlyList<string>> AppsUsingAsync(
        NpgsqlConnection connection, string tenantId, string systemId, bool executionOnly, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id FROM aloe_apps WHERE tenant_id = $1 AND (execution_system = $2 " +
            (executionOnly ? "" : "OR coalesce(definition->>'deploymentSystem', execution_system) = $2 ") + ") ORDER BY id", connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = systemId } },
        };
        var apps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            apps.Add(reader.GetString(0));
        }

        return apps;
    }

    private Task<TenantCatalog> GetTenantAsync(string tenantId)
    {
        var loading = _tenants.GetOrAdd(tenantId, Load);
        if (loading.IsCompletedSuccessfully && timeProvider.GetUtcNow() - loading.Result.LoadedAt > options.Value.CatalogCacheDuration)
        {
            // Stale: replace it, but only once even if many requests notice at the same moment.
            var fresh = Load(tenantId);
            loading = _tenants.TryUpdate(tenantId, fresh, loading) ? fresh : _tenants.GetOrAdd(tenantId, Load);
        }
        else if (loading.IsFaulted || loading.IsCanceled)
        {
            _tenants.TryRemove(new KeyValuePair<string, Task<TenantCatalog>>(tenantId, loading));
            loading = _tenants.GetOrAdd(tenantId, Load);
        }

        return loading;
    }

    // An outage comes out typed, so that a job's phase that reads the catalog knows it from any other failure.
    private Task<TenantCatalog> Load(string tenantId) => DatabaseOutages.GuardAsync(() => LoadAsync(tenantId, CancellationToken.None));

    private async Task<TenantCatalog> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var apps = new Dictionary<string, AppDefinition>(StringComparer.Ordinal);
        var systems = new Dictionary<string, SystemDefinition>(StringComparer.Ordinal);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT uuid, definition::text, last_updated FROM aloe_apps WHERE tenant_id = $1") { Parameters = { new() { Value = tenantId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT definition::text, auth_encrypted, operator_defined, last_updated FROM aloe_systems WHERE tenant_id = $1")
        {
            Parameters = { new() { Value = tenantId } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var app = JsonSerializer.Deserialize<AppDefinition>(reader.GetString(1), CatalogJson.Options)!;
            apps[app.Id] = app with { Uuid = reader.GetGuid(0).ToString(), LastModified = reader.GetFieldValue<DateTimeOffset>(2) };
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var system = JsonSerializer.Deserialize<SystemDefinition>(reader.GetString(0), CatalogJson.Options)! with
            {
                OperatorDefined = reader.GetBoolean(2),
                LastModified = reader.GetFieldValue<DateTimeOffset>(3),
            };
            systems[system.Id] = reader.IsDBNull(1) ? system : WithCredentials(tenantId, system, reader.GetFieldValue<byte[]>(1));
        }

        return new TenantCatalog(timeProvider.GetUtcNow(), apps, systems);
    }

    private SystemDefinition WithCredentials(string tenantId, SystemDefinition system, byte[] encrypted)
    {
        string json;
        try
        {
            json = protector.Unprotect(encrypted, CredentialContext(tenantId, system.Id));
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"The credentials of system {system.Id} (tenant {tenantId}) cannot be decrypted: this process's credential key " +
                "(Aloe:Security:CredentialKey or credential.key in the data folder) is not the one they were stored with. " +
                "Every silo must use the same key.", exception);
        }

        return JsonSerializer.Deserialize<SystemCredentials>(json, CatalogJson.Options)!.ApplyTo(system);
    }
}
