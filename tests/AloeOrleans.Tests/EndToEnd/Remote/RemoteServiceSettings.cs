using System.Globalization;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// The system ids the remote end-to-end tests register (each test in its own tenant, so the same id never clashes)
/// and the service configuration they need: status checks every second on those systems, so a test waits seconds
/// for a state change, not the minutes of the default monitoring steps.
/// </summary>
public static class RemoteServiceSettings
{
    /// <summary>A Slurm execution system reached over SSH (login SSH, storage SFTP).</summary>
    public const string SlurmSystem = "slurm-ssh";

    /// <summary>A FORK execution system reached over SSH (login SSH, storage SFTP).</summary>
    public const string ForkSystem = "fork-ssh";

    /// <summary>An SFTP storage system: the archive of the tests' jobs.</summary>
    public const string ArchiveSystem = "archive-sftp";

    /// <summary>
    /// An SFTP storage system rooted at the test's inputs folder: what <c>sftp://host:port/absolute/path</c> inputs are
    /// read through (alice's from her home folder under it).
    /// </summary>
    public const string InputsSystem = "inputs-sftp";

    public static readonly TimeSpan MonitoringInterval = TimeSpan.FromSeconds(1);

    /// <summary>The recovery policy of SSH_AUTHENTICATION_FAILED in these tests: a test every 2 s, 8 tests at most.</summary>
    public static readonly TimeSpan AuthRetryInterval = TimeSpan.FromSeconds(2);

    public const int AuthRetryAttempts = 8;

    /// <summary>How often a group of jobs waiting for a slot of their queue (QUOTA_EXCEEDED) counts again in these tests.</summary>
    public static readonly TimeSpan QuotaRetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Environment variables for <see cref="AloeServiceProcess.StartAsync"/>: one monitoring step of 1000 checks at
    /// <see cref="MonitoringInterval"/> for each of <paramref name="systemIds"/> (default: the execution systems above),
    /// a short recovery policy for refused credentials, and a short wait for jobs over a queue's job limits.
    /// </summary>
    public static Dictionary<string, string> FastMonitoring(params string[] systemIds)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] ids = systemIds.Length == 0 ? [SlurmSystem, ForkSystem] : systemIds;
        foreach (var systemId in ids)
        {
            environment[$"Aloe__Monitoring__StepsBySystem__{systemId}__0__Count"] = "1000";
            environment[$"Aloe__Monitoring__StepsBySystem__{systemId}__0__Interval"] =
                MonitoringInterval.ToString("c", CultureInfo.InvariantCulture);
        }

        // A refused credential is tested again every 2 s and given up after 8 tests, so a test sees both ends in seconds.
        const string Auth = "Aloe__Recovery__Conditions__SSH_AUTHENTICATION_FAILED__";
        environment[Auth + "Kind"] = "CONSTANT_BACKOFF";
        environment[Auth + "Interval"] = AuthRetryInterval.ToString("c", CultureInfo.InvariantCulture);
        environment[Auth + "MaxAttempts"] = AuthRetryAttempts.ToString(CultureInfo.InvariantCulture);

        // A freed slot of a queue is found within 2 s, so a test of job limits waits seconds per slot.
        environment["Aloe__Recovery__Conditions__QUOTA_EXCEEDED__Interval"] = QuotaRetryInterval.ToString("c", CultureInfo.InvariantCulture);
        return environment;
    }
}
