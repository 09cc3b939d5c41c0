using Microsoft.IdentityModel.Tokens;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// A verification key and the one algorithm it may verify (a token whose header names another is refused), with the
/// <c>kid</c> it answers to (null: any) and where it came from, for messages and logs.
/// </summary>
public sealed record PinnedKey(SecurityKey Key, string Algorithm, string? KeyId, string Source);
