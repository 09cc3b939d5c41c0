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
        JwtKeyRejectedException rejected => rejected.Message,
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            "The bearer token has a bad signature, or none: it was not signed with one of this service's keys (unsigned tokens are refused).",
        SecurityTokenInvalidIssuerException => $"The bearer token has the wrong issuer; expected '{options.Issuer}'.",
        SecurityTokenInvalidAudienceException => $"The bearer token has the wrong audience; expected '{options.Audience}'.",
        SecurityTokenInvalidAlgorithmException =>
            $"The bearer token is signed with an algorithm its key is not pinned to; this service accepts {string.Join(", ", JwtAlgorithms.Accepted(options))}.",
        SecurityTokenNoExpirationException => "The bearer token has no expiry ('exp' claim); get a new token.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        AuthenticationFailureException own => own.Message,
        _ => "The bearer token was rejected.",
    };
}
