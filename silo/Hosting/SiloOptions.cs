namespace AloeOrleans.Silo.Hosting;

/// <summary>How this silo joins its cluster (section <c>Orleans</c>). Defaults suit the embedded single-machine setup.</summary>
public sealed class SiloOptions
{
    /// <summary>Default "aloe".</summary>
    public string ClusterId { get; set; } = "aloe";

    /// <summary>Default "aloe-orleans". Rows in the Orleans tables are keyed by it: keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "aloe-orleans";

    /// <summary>The address other silos and clients reach this silo on. Default 127.0.0.1.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (separate gateway processes). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Listen on every address instead of only the advertised one (containers). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
