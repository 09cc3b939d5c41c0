namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The auth blocks of a system's login and storage, stored together encrypted (<c>aloe_systems.auth_encrypted</c>).
/// The definition column keeps only the parts that are not secret (username, auth type).
/// </summary>
public sealed record SystemCredentials
{
    public SystemAuth? Login { get; init; }
    public SystemAuth? Storage { get; init; }

    public bool HasSecrets => HasSecret(Login) || HasSecret(Storage);

    public static SystemCredentials Of(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new SystemCredentials { Login = system.Login?.Auth, Storage = system.Storage.Auth };
    }

    /// <summary><paramref name="system"/> with no private key or password anywhere.</summary>
    public static SystemDefinition Strip(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system with
        {
            Login = system.Login is { } login ? login with { Auth = WithoutSecret(login.Auth) } : null,
            Storage = system.Storage with { Auth = WithoutSecret(system.Storage.Auth) },
        };
    }

    /// <summary><paramref name="system"/> with these auth blocks put back.</summary>
    public SystemDefinition ApplyTo(SystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system with
        {
            Login = system.Login is { } login ? login with { Auth = Login ?? login.Auth } : null,
            Storage = system.Storage with { Auth = Storage ?? system.Storage.Auth },
        };
    }

    private static bool HasSecret(SystemAuth? auth) => auth?.PrivateKey is not null || auth?.Password is not null;

    private static SystemAuth? WithoutSecret(SystemAuth? auth) => auth is null ? null : auth with { PrivateKey = null, Password = null };
}
