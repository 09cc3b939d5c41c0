namespace AloeOrleans.Gateway.Auth;

/// <summary>Finds the HS256 key the options point at: inline, a configured file, or the data folder's default file.</summary>
public static class SigningKeyResolver
{
    public const string DefaultFileName = "jwt-signing.key";

    public static byte[] Resolve(JwtOptions options, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return SigningKeyText.Decode(options.SigningKey, $"{JwtOptions.SectionName}:SigningKey");
        }

        var file = string.IsNullOrWhiteSpace(options.SigningKeyFile)
            ? Path.Combine(dataDir, DefaultFileName)
            : options.SigningKeyFile;
        return DevelopmentSigningKey.LoadOrCreate(file);
    }
}
