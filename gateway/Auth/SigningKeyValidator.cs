using AloeOrleans.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Resolves the HS256 key at start-up (creating the embedded default's key file if missing), so a bad key file stops
/// the host with its own message instead of failing the first request.
/// </summary>
internal sealed class SigningKeyValidator(DataFolder dataFolder) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        try
        {
            SigningKeyResolver.Resolve(options, dataFolder.Path);
            return ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
