using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// The 401 sentence for each way a token can be rejected. Built from the exception type only: the token and the
/// library's detailed text (which may quote claims) never reach the client or the log.
/// </summary>
internal static class TokenFailureMessages
{
    public const string Missing =
        "Missing bearer token: send 'Authorization: Bearer <JWT>' (the embedded install mints one with './aloe token').";

    public static string For(Exception? failure, JwtOptions options) => failure switch
    {
        null => Missing,
        SecurityTokenExpiredException expired =>
            $"The bearer token expired at {expired.Expires:yyyy-MM-ddTHH:mm:ssZ}; get a new token.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet; check the clocks or get a new token.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            "The bearer token has a bad signature: it was not signed with this service's key.",
        SecurityTokenInvalidIssuerException => $"The bearer token has the wrong issuer; expected '{options.Issuer}'.",
        SecurityTokenInvalidAudienceException => $"The bearer token has the wrong audience; expected '{options.Audience}'.",
        SecurityTokenInvalidAlgorithmException => "The bearer token must be signed with HS256.",
        SecurityTokenNoExpirationException => "The bearer token has no expiry ('exp' claim); get a new token.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        AuthenticationFailureException own => own.Message,
        _ => "The bearer token was rejected.",
    };
}
