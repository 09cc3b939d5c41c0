using System.Security.Cryptography;
using System.Text;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The test that tells whether <paramref name="Condition"/> cleared for a job, and the recovery group it makes: every
/// blocked job of a tenant with the same condition, tester and parameters waits in one group, served by one test.
/// </summary>
public sealed record RecoveryTest(string TenantId, RecoveryCondition Condition, RecoveryTester Tester, string Parameters)
{
    /// <summary>The test for <paramref name="job"/> blocked on <paramref name="condition"/>.</summary>
    public static RecoveryTest For(JobRecord job, RecoveryCondition condition)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (tester, parameters) = condition switch
        {
            RecoveryCondition.SSH_CONNECTION_FAILURE or RecoveryCondition.SSH_CONNECTION_TIMEOUT or RecoveryCondition.SSH_AUTHENTICATION_FAILED
                => (RecoveryTester.Ssh, job.Spec.SystemId),
            RecoveryCondition.SYSTEM_NOT_AVAILABLE => (RecoveryTester.System, job.Spec.SystemId),
            RecoveryCondition.APPLICATION_NOT_AVAILABLE => (RecoveryTester.App, job.Spec.AppId),
            RecoveryCondition.QUOTA_EXCEEDED => (RecoveryTester.Quota, QuotaTestParameters.Of(job)),
            _ => (RecoveryTester.Retry, ""),
        };
        return new RecoveryTest(job.TenantId, condition, tester, parameters);
    }

    /// <summary>
    /// The group's key, also its grain's: "tenant/CONDITION/hash" with a hash of the tester and its parameters, so it
    /// stays short whatever the parameters hold.
    /// </summary>
    public string GroupKey
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Tester}\n{Parameters}"));
            return $"{TenantId}/{Condition}/{Convert.ToHexString(hash, 0, 8).ToLowerInvariant()}";
        }
    }
}
