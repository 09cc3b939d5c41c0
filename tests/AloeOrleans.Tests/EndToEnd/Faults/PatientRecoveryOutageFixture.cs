using System.Globalization;

namespace AloeOrleans.Tests.EndToEnd.Faults;

/// <summary>
/// <see cref="SshOutageFixture"/> whose recovery groups wait <see cref="FirstTestAfter"/> before testing an SSH host
/// again: once the host is back, a blocked job stays BLOCKED long enough for a test to act on it.
/// </summary>
public sealed class PatientRecoveryOutageFixture : SshOutageFixture
{
    public static readonly TimeSpan FirstTestAfter = TimeSpan.FromMinutes(30);

    protected override Dictionary<string, string> ServiceEnvironment()
    {
        var environment = base.ServiceEnvironment();
        environment["Aloe__Recovery__Conditions__SSH_CONNECTION_FAILURE__Interval"] = FirstTestAfter.ToString("c", CultureInfo.InvariantCulture);
        return environment;
    }
}
