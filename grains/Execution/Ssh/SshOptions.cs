using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Network;

namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>Tunables of SSH and SFTP connections to remote systems (section <c>Aloe:Ssh</c>).</summary>
public sealed class SshOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Ssh";

    /// <summary>
    /// Networks beyond the public internet where the SSH and SFTP hosts of registered systems may be: CIDR networks or
    /// single addresses, separated by commas (<c>"10.20.0.0/16, 192.168.7.12"</c>). Tenant admins register systems, so
    /// without this a registration could probe the service's own network; HPC login nodes usually sit on private
    /// networks, so an operator lists theirs here. One string, not an array, so one environment variable replaces the
    /// whole list. Default empty (the Development environment allows loopback, see appsettings.Development.json).
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>How long opening one connection (TCP, key exchange, login) may take. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one remote command may take. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one SFTP request (open, stat, one chunk read or written) may go unanswered. SSH.NET waits for some of
    /// these synchronously, so this bounds how long a stalled server can hold a thread. Default 2 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SftpRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A pooled connection unused this long is closed. Default 2 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>At most this many connections are open to one endpoint (host, port, user, credential). Default 4.</summary>
    [Range(1, 1000)]
    public int MaxConnectionsPerSystem { get; set; } = 4;

    /// <summary>Between SSH keep-alive messages on an open connection; zero or negative disables them. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "-1.00:00:00", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NetworkPolicy.Problems(AllowedNetworks).Select(problem => OptionRules.Broken(problem, nameof(AllowedNetworks)));
}
