using System.Security.Claims;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Configures the JWT bearer handler from <see cref="JwtOptions"/>: the keys of the <see cref="JwtKeyRing"/>, each
/// verifying only the algorithm it is pinned to (chosen per token by its header's alg and kid); issuer, audience and
/// expiry checked; claim names left as in the token; the optional WSO2 header; enveloped 401 answers.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<JwtOptions> jwtOptions, JwtKeyRing keys)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    private const string Wso2HeaderPrefix = "X-JWT-Assertion-";

    /// <summary>The longest tenant id and user name: the width of the job columns that hold them.</summary>
    public const int MaxIdentityLength = 64;

    public void Configure(JwtBearerOptions options) => Configure(JwtBearerDefaults.AuthenticationScheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var jwt = jwtOptions.Value;

        // Claims keep their token names (tenant_id, sub, roles), which is what JwtOptions names.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            // Only the keys pinned to the token's alg (and named by its kid) are tried; the algorithm check repeats the
            // pinning for the key the signature is verified with, so no key ever verifies another algorithm.
            IssuerSigningKeyResolver = (_, token, kid, _) => keys.KeysFor((token as JsonWebToken)?.Alg, kid),
            AlgorithmValidator = (algorithm, key, _, _) => keys.IsPinnedTo(key, algorithm),
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
            NameClaimType = jwt.EffectiveUserClaims.FirstOrDefault() ?? "sub",
            RoleClaimType = jwt.RolesClaim,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context => ReadWso2Header(context, jwt),
            OnTokenValidated = context => RequireIdentityClaims(context, jwt),
            OnChallenge = context => WriteChallengeAsync(context, jwt),
            OnForbidden = context => EnvelopeWriter.WriteErrorAsync(
                context.HttpContext, StatusCodes.Status403Forbidden, "You are not allowed to do this."),
        };
    }

    private static Task ReadWso2Header(MessageReceivedContext context, JwtOptions jwt)
    {
        if (!jwt.AcceptWso2Header || context.Request.Headers.Authorization.Count > 0)
        {
            return Task.CompletedTask;
        }

        foreach (var (header, value) in context.Request.Headers)
        {
            if (header.StartsWith(Wso2HeaderPrefix, StringComparison.OrdinalIgnoreCase) && value.Count > 0)
            {
                context.Token = value.ToString();
                break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A signed token without a tenant or a user cannot be placed anywhere: reject it as a 401. So is one whose user or
    /// tenant is not one folder name: the user's home (<c>&lt;user&gt;/</c>), default archive path and work dirs are
    /// named after them, and a name like <c>bob/x</c> or <c>..</c> would lead into another user's or tenant's folders;
    /// and one whose tenant or user is longer than the columns that store them, which could never own a job.
    /// </summary>
    private static Task RequireIdentityClaims(TokenValidatedContext context, JwtOptions jwt)
    {
        var principal = context.Principal ?? new ClaimsPrincipal();
        var tenant = CallerResolver.TenantOf(principal, jwt);
        var user = CallerResolver.UserOf(principal, jwt);
        if (tenant is null)
        {
            context.Fail($"The bearer token has no '{jwt.TenantClaim}' claim naming the tenant.");
        }
        else if (user is null)
        {
            context.Fail($"The bearer token has none of the user claims {string.Join(", ", jwt.EffectiveUserClaims)}.");
        }
        else if (!HomeFolderName.IsValid(tenant) || !HomeFolderName.IsValid(user))
        {
            context.Fail($"The bearer token's {(HomeFolderName.IsValid(user) ? "tenant" : "user name")} cannot be used: it names folders " +
                $"(the user's home, work dirs and archives), so it must {HomeFolderName.Rule}.");
        }
        else if (tenant.Length > MaxIdentityLength || user.Length > MaxIdentityLength)
        {
            context.Fail($"The bearer token's tenant or user name is longer than {MaxIdentityLength} characters.");
        }

        return Task.CompletedTask;
    }

    private static Task WriteChallengeAsync(JwtBearerChallengeContext context, JwtOptions jwt)
    {
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return EnvelopeWriter.WriteErrorAsync(
            context.HttpContext, StatusCodes.Status401Unauthorized, TokenFailureMessages.For(context.AuthenticateFailure, jwt));
    }
}
