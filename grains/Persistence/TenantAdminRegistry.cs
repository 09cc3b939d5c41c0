using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Maintains <c>aloe_tenant_admins</c> (<c>./aloe tenant-admins</c>, docs/security.md "Tenant administrators"). Every
/// change reaches the running silos at commit through the table's NOTIFY trigger.
/// </summary>
public sealed class TenantAdminRegistry(NpgsqlDataSource dataSource)
{
    /// <summary>Adds the user; false when they already were an administrator of the tenant.</summary>
    public async Task<bool> AddAsync(string tenantId, string user, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO aloe_tenant_admins (tenant_id, username) VALUES (@tenant, @user) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("user", user));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Removes the user; false when they were not an administrator of the tenant.</summary>
    public async Task<bool> RemoveAsync(string tenantId, string user, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM aloe_tenant_admins WHERE tenant_id = @tenant AND username = @user");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("user", user));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT username FROM aloe_tenant_admins WHERE tenant_id = @tenant ORDER BY username");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }
}
