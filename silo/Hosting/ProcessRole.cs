namespace AloeOrleans.Silo.Hosting;

/// <summary>What a service process is (docs/operations.md, "Running a cluster").</summary>
public enum ProcessRole
{
    /// <summary><c>run</c>: an Orleans silo that hosts grains and serves the HTTP API.</summary>
    Silo,

    /// <summary><c>gateway</c>: the HTTP API only, an Orleans client of the silos (scaled apart from them).</summary>
    Gateway,
}
