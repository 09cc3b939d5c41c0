using System.Security.Cryptography;
using System.Text;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// The test that tells whether <paramref name="Condition"/> cleared for a job, and the recovery group it makes: every
/// blocked job of a tenant with the same condition, tester and parameters waits in one group, served by one test.
/// Parameters name what is tested, never a secret: a system id (with the block, <c>login</c> or <c>storage</c>, whose
/// host failed), an app id, or an input's server as <c>scheme://host:port</c>.
/// </summary>
public sealed record RecoveryTest(string TenantId, RecoveryCondition Condition, RecoveryTester Tester, string Parameters)
{
    /// <summary>
    /// The test for <paramref name="job"/> blocked on <paramref name="condition"/>, where <paramref name="target"/> is
    /// what failed when the failure said (<see cref="JobRecord.BlockedTarget"/>): the SSH host of that system's block
    /// (else the job's execution system, login first), the scheduler of that system, the input's server.
    /// </summary>
    public static RecoveryTest For(JobRecord job, RecoveryCondition condition, RecoveryTarget? target)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (tester, parameters) = (condition, target?.Kind) switch
        {
            (RecoveryCondition.SSH_CONNECTION_FAILURE or RecoveryCondition.SSH_CONNECTION_TIMEOUT or RecoveryCondition.SSH_AUTHENTICATION_FAILED, _)
                => (RecoveryTester.Ssh, SshParameters(job, target)),
            (RecoveryCondition.TRANSMISSION_FAILURE or RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTargetKind.InputServer)
                => (RecoveryTester.InputServer, target!.Name),
            (RecoveryCondition.SERVICE_CONNECTION_FAILURE, RecoveryTargetKind.Scheduler) => (RecoveryTester.Scheduler, target!.Name),
            (RecoveryCondition.SYSTEM_NOT_AVAILABLE, _) => (RecoveryTester.System, job.Spec.SystemId),
            (RecoveryCondition.APPLICATION_NOT_AVAILABLE, _) => (RecoveryTester.App, job.Spec.AppId),
            (RecoveryCondition.QUOTA_EXCEEDED, _) => (RecoveryTester.Quota, QuotaTestParameters.Of(job)),
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

    /// <summary>
    /// "system login" or "system storage" when the failure named the block whose host failed; the job's execution
    /// system alone (its login, else its storage) when it did not.
    /// </summary>
    private static string SshParameters(JobRecord job, RecoveryTarget? target) => target switch
    {
        { Kind: RecoveryTargetKind.SshLogin } => SshTestParameters.Write(target.Name, Execution.Ssh.SshBlock.Login),
        { Kind: RecoveryTargetKind.SshStorage } => SshTestParameters.Write(target.Name, Execution.Ssh.SshBlock.Storage),
        _ => job.Spec.SystemId,
    };
}
