using System.ComponentModel.DataAnnotations;
using System.Net;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Cluster;
using Orleans.Configuration;

namespace AloeOrleans.Silo.Hosting;

/// <summary>How this silo joins its cluster (section <c>Orleans</c>). Defaults suit the embedded single-machine setup.</summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string SectionName = "Orleans";

    /// <summary>Default "aloe".</summary>
    [Required]
    public string ClusterId { get; set; } = "aloe";

    /// <summary>Default "aloe-orleans". Rows in the Orleans tables are keyed by it: keep it stable across deployments.</summary>
    [Required]
    public string ServiceId { get; set; } = "aloe-orleans";

    /// <summary>The address other silos and clients reach this silo on. Default 127.0.0.1.</summary>
    [Required]
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Port for separate Orleans client processes; 0 keeps it closed (the HTTP API runs inside the silo and needs none).
    /// When open it has the same mutual TLS as the silo port. Default 0.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>Listen on every address instead of only the advertised one (containers). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>
    /// How long a grain call may take before its caller gets a timeout (Orleans' response timeout). A submission whose
    /// accept call times out is answered 503 "outcome unknown" (the job may have been stored). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a grain may stay idle (no call, no reminder tick) before the silo deactivates it (Orleans'
    /// <c>GrainCollectionOptions.CollectionAge</c>). An idle tracked job's grain costs memory until then; a job grain is only
    /// idle that long when its reminder period (<c>Aloe:Jobs:ResumeReminderPeriod</c>) and its status checks are further
    /// apart (docs/configuration.md). Default 15 min, Orleans' own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:01", "7.00:00:00")]
    public TimeSpan GrainCollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mutual TLS on the cluster's ports (section <c>Orleans:Tls</c>).</summary>
    [NestedOptions]
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>True when another host could reach the ports: a non-loopback advertised address, or every address.</summary>
    public bool ListensBeyondLoopback =>
        ListenOnAnyHostAddress || !IPAddress.TryParse(AdvertisedIp, out var address) || !IPAddress.IsLoopback(address);

    /// <summary>The Orleans endpoints these options describe.</summary>
    public void ApplyTo(EndpointOptions endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.AdvertisedIPAddress = IPAddress.Parse(AdvertisedIp);
        endpoints.SiloPort = SiloPort;
        endpoints.GatewayPort = GatewayPort;
        if (ListenOnAnyHostAddress)
        {
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, SiloPort);
            endpoints.GatewayListeningEndpoint = GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Any, GatewayPort);
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedIp, out _))
        {
            yield return OptionRules.Broken("must be an IP address.", nameof(AdvertisedIp));
        }

        if (GatewayPort != 0 && GatewayPort == SiloPort)
        {
            yield return OptionRules.Broken($"must differ from {nameof(SiloPort)} (or be 0, closed).", nameof(GatewayPort));
        }

        if (ListensBeyondLoopback && !Tls.Enabled && !Tls.AllowPlaintextBeyondLoopback)
        {
            yield return OptionRules.Broken(
                $"the silo would listen beyond loopback ({SectionName}:{nameof(AdvertisedIp)} is not a loopback address or " +
                $"{SectionName}:{nameof(ListenOnAnyHostAddress)} is true) without TLS ({ClusterTlsOptions.SectionName}:Enabled is false), " +
                "so anyone reaching its ports could call every grain. Turn TLS on, or opt out explicitly with " +
                $"{ClusterTlsOptions.SectionName}:{nameof(ClusterTlsOptions.AllowPlaintextBeyondLoopback)}=true.");
        }
    }
}
