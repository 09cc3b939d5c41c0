using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// No configured key may verify the token (unsigned, an algorithm not accepted, an unknown <c>kid</c>, or a key pinned
/// to another algorithm). The message is the 401's sentence: it is built by the gateway and quotes nothing from the
/// token but a known algorithm name.
/// </summary>
public sealed class JwtKeyRejectedException(string message) : SecurityTokenSignatureKeyNotFoundException(message);
