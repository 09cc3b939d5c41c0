namespace AloeOrleans.Grains.Catalog;

/// <summary>How the service reaches an execution system to run commands: LOCAL (this host) or SSH.</summary>
public sealed record SystemLogin
{
    public string Protocol { get; init; } = "LOCAL";
    public string? Host { get; init; }
    public int Port { get; init; }
    public SystemAuth? Auth { get; init; }
}
