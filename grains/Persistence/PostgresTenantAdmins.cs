using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Reads <c>aloe_tenant_admins</c>, caching each tenant's list for <see cref="PersistenceOptions.AdminCacheDuration"/>
/// so the per-request admin check costs no query once warm. A change of the table drops the tenant's list at once on
/// every silo (<see cref="Queues.Routing.QueueChangeListener"/>, through the table's NOTIFY trigger).
/// </summary>
public sealed class PostgresTenantAdmins(NpgsqlDataSource dataSource, IOptions<PersistenceOptions> options, TimeProvider timeProvider)
    : ITenantAdmins
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset LoadedAt, HashSet<string> Admins)> _cache = new();

    // Bumped by Forget: a list read before a change is not cached after it.
    private long _generation;

    public async ValueTask<bool> IsAdminAsync(string tenantId, string user, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(tenantId, out var entry) || now - entry.LoadedAt > options.Value.AdminCacheDuration)
        {
            var generation = Interlocked.Read(ref _generation);
            entry = (now, await LoadAsync(tenantId, cancellationToken));
            if (Interlocked.Read(ref _generation) == generation)
            {
                _cache[tenantId] = entry;
            }
        }

        return entry.Admins.Contains(user);
    }

    public void Forget(string tenantId)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove(tenantId, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    private async Task<HashSet<string>> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT username FROM aloe_tenant_admins WHERE tenant_id = @tenant_id");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        var admins = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            admins.Add(reader.GetString(0));
        }

        return admins;
    }
}
