using System.Net.Http.Headers;
using System.Text;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Operations;

/// <summary>
/// Guards the operator pages (<see cref="OperationsOptions.MetricsPath"/>, <see cref="OperationsOptions.DashboardPath"/>
/// and everything under them). An operator is a tenant administrator of an operator tenant, or whoever presents the
/// operator credential as a bearer token or as the Basic password; everyone else gets 401 with both challenges, so a
/// browser asks for the credential (docs/operations.md, "Who may see them").
/// </summary>
public static class OperatorGate
{
    public const string Realm = "AloeOrleans operations";

    /// <summary>Puts the gate in front of the operator paths; call before mapping them.</summary>
    public static IApplicationBuilder UseOperatorGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<OperationsOptions>>().Value;
        var guarded = new[] { options.MetricsPath, options.DashboardPath }.Select(path => new PathString(OperatorPaths.Normalize(path))).ToArray();
        return app.UseWhen(context => guarded.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)),
            branch => branch.Use(async (context, next) =>
            {
                if (await IsOperatorAsync(context, options))
                {
                    await next(context);
                    return;
                }

                context.Response.Headers.WWWAuthenticate = new[] { $"Basic realm=\"{Realm}\", charset=\"UTF-8\"", "Bearer" };
                await EnvelopeResult.Error(StatusCodes.Status401Unauthorized,
                    "Only operators may see this page: an administrator of an operator tenant, or the operator credential.").ExecuteAsync(context);
            }));
    }

    private static async Task<bool> IsOperatorAsync(HttpContext context, OperationsOptions options)
    {
        var credential = context.RequestServices.GetRequiredService<OperatorCredential>();
        if (credential.IsConfigured && Presented(context.Request.Headers.Authorization.ToString()) is { } presented && credential.Matches(presented))
        {
            return true;
        }

        if (options.OperatorTenants.Count == 0)
        {
            return false;
        }

        var caller = await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context.User, context.RequestAborted);
        return caller is { IsTenantAdmin: true }
            && options.OperatorTenants.Contains(caller.TenantId, StringComparer.Ordinal);
    }

    /// <summary>The secret in <c>Bearer &lt;secret&gt;</c>, or the password of <c>Basic base64(user:password)</c>.</summary>
    internal static string? Presented(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
