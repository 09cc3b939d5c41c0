using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Slurm;
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
        { new SchedulerUnavailableException("hpc", "squeue: Unable to contact slurm controller (connect failure)"), RecoveryCondition.SERVICE_CONNECTION_FAILURE },
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

    private static readonly SshEndpoint Storage = Endpoint with { SystemId = "inputs-sftp", Block = SshBlock.Storage };

    public static TheoryData<Exception, RecoveryCondition, string?> Targets() => new()
    {
        { new SshConnectException(Endpoint, "could not connect"), RecoveryCondition.SSH_CONNECTION_FAILURE, "SshLogin hpc" },
        { new SshConnectException(Storage, "the connection was lost"), RecoveryCondition.SSH_CONNECTION_FAILURE, "SshStorage inputs-sftp" },
        { new SshConnectException("no endpoint known"), RecoveryCondition.SSH_CONNECTION_FAILURE, null },
        { new SshAuthenticationException(Storage, "denied"), RecoveryCondition.SSH_AUTHENTICATION_FAILED, "SshStorage inputs-sftp" },
        { new SshCommandTimeoutException(Endpoint, "a command", TimeSpan.FromSeconds(30)), RecoveryCondition.SSH_CONNECTION_TIMEOUT, "SshLogin hpc" },
        { new SchedulerUnavailableException("slurm-ssh", "sbatch: Unable to contact slurm controller"), RecoveryCondition.SERVICE_CONNECTION_FAILURE,
            "Scheduler slurm-ssh" },
        // An input read over SFTP from a storage system that is down waits on that system's host, not on a transfer.
        { new InputStagingException("inputFile", "agave://inputs-sftp/alice/a.txt", "could not connect", isTransient: true,
            new SshConnectException(Storage, "could not connect to 127.0.0.1:1 (system inputs-sftp): ConnectionRefused")),
            RecoveryCondition.SSH_CONNECTION_FAILURE, "SshStorage inputs-sftp" },
        // An http input whose work dir could not be written (the execution system's SFTP) waits on that host.
        { new InputStagingException("inputFile", "http://example.org/a.txt", "the connection was lost", isTransient: true,
            new IOException("write failed", new SshConnectException(Endpoint with { Block = SshBlock.Storage }, "lost"))),
            RecoveryCondition.SSH_CONNECTION_FAILURE, "SshStorage hpc" },
        // An http(s) or ftp input's server: scheme, host and port only; never the path, the query or a credential.
        { new InputStagingException("inputFile", "http://files.example.org:8901/data/a.txt?token=secret#x", "refused", isTransient: true),
            RecoveryCondition.TRANSMISSION_FAILURE, "InputServer http://files.example.org:8901" },
        { new InputStagingException("inputFile", "https://Files.Example.org/a.txt", "reset", isTransient: true),
            RecoveryCondition.TRANSMISSION_FAILURE, "InputServer https://files.example.org:443" },
        { new InputStagingException("inputFile", "ftp://bob:secret@ftp.example.org/pub/a.txt", "421 too many users", isTransient: true),
            RecoveryCondition.TRANSMISSION_FAILURE, "InputServer ftp://ftp.example.org:21" },
        { new InputStagingException("inputFile", "http://[::1]:8080/a.txt", "refused", isTransient: true),
            RecoveryCondition.TRANSMISSION_FAILURE, "InputServer http://[::1]:8080" },
        // A path on a LOCAL storage system has no server to ask: the policy's wait is the test.
        { new InputStagingException("inputFile", "alice/a.txt", "interrupted", isTransient: true, new IOException("interrupted")),
            RecoveryCondition.TRANSMISSION_FAILURE, null },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_transient_failure_names_what_failed(Exception exception, RecoveryCondition condition, string? target)
    {
        var failure = JobFailureClassifier.Classify(exception);

        Assert.Equal((condition, target), (failure.Condition, failure.Target?.Text));
        Assert.Equal(exception.Message, failure.Message);
    }

    [Fact]
    public void A_permanent_failure_names_nothing()
    {
        var failure = JobFailureClassifier.Classify(new InputStagingException("inputFile", "http://files.example.org/a.txt", "404", isTransient: false,
            new SshConnectException(Endpoint, "x")));

        Assert.Equal((null, null), (failure.Condition, failure.Target));
    }
}
