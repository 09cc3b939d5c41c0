using System.Globalization;
using AloeOrleans.Tests.EndToEnd.Remote;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// The service configuration of the fault tests: status checks every second on their systems, connection failures
/// tested again every <see cref="RecoveryInterval"/> with no limit on the number of tests, and status checks that go
/// unanswered for <see cref="StatusCheckFailureLimit"/> (60 min by default) blocking the job, so an outage shows in
/// seconds.
/// </summary>
public static class FaultServiceSettings
{
    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan StatusCheckFailureLimit = TimeSpan.FromSeconds(4);

    public static Dictionary<string, string> Environment(params string[] systemIds)
    {
        var environment = RemoteServiceSettings.FastMonitoring(systemIds);
        environment["Aloe__Recovery__StatusCheckFailureLimit"] = StatusCheckFailureLimit.ToString("c", CultureInfo.InvariantCulture);
        foreach (var condition in new[] { "SSH_CONNECTION_FAILURE", "SSH_CONNECTION_TIMEOUT", "SERVICE_CONNECTION_FAILURE" })
        {
            var prefix = $"Aloe__Recovery__Conditions__{condition}__";
            environment[prefix + "Kind"] = "CONSTANT_BACKOFF";
            environment[prefix + "Interval"] = RecoveryInterval.ToString("c", CultureInfo.InvariantCulture);
            environment[prefix + "MaxAttempts"] = "0";
        }

        return environment;
    }
}
