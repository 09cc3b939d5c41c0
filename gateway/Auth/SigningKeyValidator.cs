using AloeOrleans.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Reads the configured token keys at start-up (the HS256 key when it is accepted, creating the embedded default's key
/// file if missing; every PEM public key), so a bad key stops the host with its own message instead of failing the
/// first request.
/// </summary>
internal sealed class SigningKeyValidator(DataFolder dataFolder) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        try
        {
            JwtKeyRing.LoadConfigured(options, dataFolder.Path);
            return ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
