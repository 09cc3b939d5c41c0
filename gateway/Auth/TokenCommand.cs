using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// <c>./aloe token --tenant dev --user alice [--roles r1,r2] [--hours 24]</c>: prints a JWT signed with the key and
/// claim names the gateway uses, so a newcomer can call the API without an identity provider.
/// </summary>
public static class TokenCommand
{
    private const string Usage = "usage: aloe token --tenant <tenantId> --user <user> [--roles r1,r2] [--hours 24]";
    private const double DefaultHours = 24;

    /// <returns>0 on success, 2 on a usage error (message on stderr).</returns>
    public static Task<int> RunAsync(string[] args, string dataDir, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(config);

        if (!TryParse(args, out var values, out var error))
        {
            return Fail(error);
        }

        if (!values.TryGetValue("tenant", out var tenant) || string.IsNullOrWhiteSpace(tenant))
        {
            return Fail("--tenant is required.");
        }

        if (!values.TryGetValue("user", out var user) || string.IsNullOrWhiteSpace(user))
        {
            return Fail("--user is required.");
        }

        var hours = DefaultHours;
        if (values.TryGetValue("hours", out var hoursText)
            && (!double.TryParse(hoursText, NumberStyles.Float, CultureInfo.InvariantCulture, out hours) || hours <= 0))
        {
            return Fail($"--hours must be a positive number, not '{hoursText}'.");
        }

        var roles = values.TryGetValue("roles", out var rolesText)
            ? rolesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

        var options = new JwtOptions();
        config.GetSection(JwtOptions.SectionName).Bind(options);
        var key = SigningKeyResolver.Resolve(options, dataDir);
        var now = DateTimeOffset.UtcNow;
        Console.Out.WriteLine(JwtTokenFactory.Create(options, key, tenant, user, roles, now, now.AddHours(hours)));
        return Task.FromResult(0);
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> values, out string error)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        error = "";
        string[] known = ["tenant", "user", "roles", "hours"];
        // The dispatcher may pass the sub-command name itself first.
        var start = args.Length > 0 && args[0] == "token" ? 1 : 0;
        for (var i = start; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            if (name is null || !known.Contains(name))
            {
                error = $"unknown argument '{arg}'.";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"--{name} needs a value.";
                return false;
            }

            values[name] = args[++i];
        }

        return true;
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return Task.FromResult(2);
    }
}
