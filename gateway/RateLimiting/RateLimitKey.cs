namespace AloeOrleans.Gateway.RateLimiting;

/// <summary>
/// Whose bucket a request is counted in: a user of a tenant (<see cref="Tenant"/> set, from the verified token), or a
/// client address (<see cref="Tenant"/> null) for requests without a valid token.
/// </summary>
internal readonly record struct RateLimitKey(string? Tenant, string Name)
{
    public bool IsUser => Tenant is not null;

    public override string ToString() => IsUser ? $"user {Name} of tenant {Tenant}" : $"client address {Name}";
}
