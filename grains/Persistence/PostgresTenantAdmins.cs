using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Reads <c>aloe_tenant_admins</c>, caching each tenant's list for <see cref="PersistenceOptions.AdminCacheDuration"/>
/// so the per-request admin check costs no query once warm.
/// </summary>
public sealed class PostgresTenantAdmins(NpgsqlDataSource dataSource, IOptions<PersistenceOptions> options, TimeProvider timeProvider)
    : ITenantAdmins
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset LoadedAt, HashSet<string> Admins)> _cache = new();

    public async ValueTask<bool> IsAdminAsync(string tenantId, string user, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(tenantId, out var entry) || now - entry.LoadedAt > options.Value.AdminCacheDuration)
        {
            entry = (now, await LoadAsync(tenantId, cancellationToken));
            _cache[tenantId] = entry;
        }

        return entry.Admins.Contains(user);
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
