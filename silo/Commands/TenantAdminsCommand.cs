using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Security;
using AloeOrleans.Silo.Hosting;
using Npgsql;

namespace AloeOrleans.Silo.Commands;

/// <summary>
/// <c>tenant-admins add|remove|list --tenant T [--user U]</c>: maintains <c>aloe_tenant_admins</c>, the seed's
/// replacement for the hard-coded administrators file (docs/security.md, "Tenant administrators"). Running services
/// apply a change within a second. Exit codes: 0 done, 1 the database failed, 2 usage.
/// </summary>
public static class TenantAdminsCommand
{
    public const string Usage = "usage: tenant-admins add|remove --tenant TENANT --user USER | tenant-admins list --tenant TENANT";

    /// <summary>The longest tenant id and user name (the columns' length).</summary>
    private const int MaxLength = 64;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var action = args.Count > 0 ? args[0] : null;
        string? tenant = null;
        string? user = null;
        var connectionString = AloeConfiguration.FindConnectionString(configuration);
        for (var index = 1; index < args.Count; index++)
        {
            switch (args[index])
            {
                case "--tenant" when index + 1 < args.Count:
                    tenant = args[++index];
                    break;
                case "--user" when index + 1 < args.Count:
                    user = args[++index];
                    break;
                case "--connection" when index + 1 < args.Count:
                    connectionString = args[++index];
                    break;
                default:
                    error.WriteLine($"tenant-admins: unexpected argument '{args[index]}'\n{Usage}");
                    return 2;
            }
        }

        if (action is not ("add" or "remove" or "list"))
        {
            error.WriteLine($"tenant-admins: the first argument is add, remove or list\n{Usage}");
            return 2;
        }

        if (!IsName(tenant))
        {
            error.WriteLine($"tenant-admins: --tenant must name a tenant (at most {MaxLength} characters; {HomeFolderName.Rule})\n{Usage}");
            return 2;
        }

        if (action != "list" && !IsName(user))
        {
            error.WriteLine($"tenant-admins: --user must name a user (at most {MaxLength} characters; {HomeFolderName.Rule})\n{Usage}");
            return 2;
        }

        if (action == "list" && user is not null)
        {
            error.WriteLine($"tenant-admins: list takes no --user\n{Usage}");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine("tenant-admins: no database; set ConnectionStrings__Aloe or pass --connection");
            return 2;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var registry = new TenantAdminRegistry(dataSource);
            switch (action)
            {
                case "add":
                    output.WriteLine(await registry.AddAsync(tenant!, user!, cancellationToken)
                        ? $"added {user} to the administrators of tenant {tenant}"
                        : $"{user} already is an administrator of tenant {tenant}");
                    break;
                case "remove":
                    output.WriteLine(await registry.RemoveAsync(tenant!, user!, cancellationToken)
                        ? $"removed {user} from the administrators of tenant {tenant}"
                        : $"{user} is not an administrator of tenant {tenant} (in aloe_tenant_admins); nothing was changed");
                    break;
                default:
                    foreach (var admin in await registry.ListAsync(tenant!, cancellationToken))
                    {
                        output.WriteLine(admin);
                    }

                    break;
            }

            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or TimeoutException)
        {
            error.WriteLine($"tenant-admins: the database failed: {exception.Message}");
            return 1;
        }
    }

    /// <summary>The rule a token's tenant and user must meet (docs/security.md), so that a row can match a real caller.</summary>
    private static bool IsName(string? value) => value is { Length: <= MaxLength } && HomeFolderName.IsValid(value);
}
