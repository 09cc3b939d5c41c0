using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Staging;
using Xunit;

namespace AloeOrleans.Tests.Units.Lifecycle;

/// <summary>Each failure is classified once, by its type (or its cause's), into a recovery condition or permanent.</summary>
public sealed class JobFailureClassifierTests
{
    private static readonly SshEndpoint Endpoint = new()
    {
        SystemId = "hpc", Host = "login.example.org", Port = 22, Username = "alice", AuthKind = SshAuthKind.PrivateKey,
        HostKeyFingerprint = "SHA256:AAAA",
    };

    public static TheoryData<Exception, RecoveryCondition?> Cases() => new()
    {
        { new DatabaseUnavailableException("The database is not available: refused", new IOException("refused")), RecoveryCondition.DATABASE_NOT_AVAILABLE },
        { new InputStagingException("inputFile", "http://example.org/a.txt", "the connection was reset", isTransient: true), RecoveryCondition.TRANSMISSION_FAILURE },
        { new InputStagingException("inputFile", "http://example.org/a.txt", "HTTP 404", isTransient: false), null },
        { new SshAuthenticationException(Endpoint, "permission denied"), RecoveryCondition.SSH_AUTHENTICATION_FAILED },
        { new SshCommandTimeoutException(Endpoint, "a command", TimeSpan.FromSeconds(30)), RecoveryCondition.SSH_CONNECTION_TIMEOUT },
        { new SshConnectException("connection refused"), RecoveryCondition.SSH_CONNECTION_FAILURE },
        { new SshHostKeyMismatchException(Endpoint, "SHA256:BBBB"), null },
        { new SshEndpointException("hpc", ["login.host is missing"]), null },
        // A pid that never appeared, a command that hung: a timeout, never a database outage.
        { new TimeoutException("The job wrapper did not record its pid within 30 s."), null },
        { new JobPhaseException("App wc-1.0 no longer exists in tenant dev."), null },
        { new WrapperTemplateException("placeholder inside quotes"), null },
        { new InvalidOperationException("sbatch did not submit the job"), null },
        { new IOException("disk full"), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_failure_type_has_its_condition(Exception exception, RecoveryCondition? condition)
    {
        var failure = JobFailureClassifier.Classify(exception);

        Assert.Equal(condition, failure.Condition);
        Assert.Equal(condition is not null, failure.IsTransient);
        Assert.Equal(exception.Message, failure.Message);
    }

    [Fact]
    public void An_unknown_wrapper_takes_the_condition_of_its_cause_and_keeps_its_own_message()
    {
        var failure = JobFailureClassifier.Classify(new AppTemplateUnavailableException("The template of wc-1.0 cannot be read.",
            new SshConnectException("connection refused")));

        Assert.Equal(RecoveryCondition.SSH_CONNECTION_FAILURE, failure.Condition);
        Assert.Equal("The template of wc-1.0 cannot be read.", failure.Message);
    }

    [Fact]
    public void The_stager_verdict_stands_over_its_cause()
    {
        var permanent = new InputStagingException("inputFile", "sftp://hpc/a.txt", "refused", isTransient: false, new SshConnectException("refused"));

        Assert.Null(JobFailureClassifier.Classify(permanent).Condition);
    }

    [Fact]
    public void An_aggregate_is_classified_by_its_first_inner_failure()
    {
        var failure = JobFailureClassifier.Classify(new AggregateException(new SshAuthenticationException(Endpoint, "denied"), new IOException("x")));

        Assert.Equal(RecoveryCondition.SSH_AUTHENTICATION_FAILED, failure.Condition);
    }

    [Fact]
    public void A_timeout_wrapped_anywhere_is_still_not_a_database_outage()
    {
        var failure = JobFailureClassifier.Classify(new InvalidOperationException("launch failed", new TimeoutException("pid wait")));

        Assert.Null(failure.Condition);
    }
}
