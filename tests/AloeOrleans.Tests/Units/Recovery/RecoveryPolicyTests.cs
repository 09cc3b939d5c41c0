using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Recovery;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>When a blocked condition is tested again, and when its jobs give up.</summary>
public sealed class RecoveryPolicyTests
{
    private static readonly DateTimeOffset Blocked = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_policy_is_stepwise_with_the_documented_steps_and_48_hours()
    {
        var policy = new RecoveryOptions().PolicyFor(RecoveryCondition.SSH_CONNECTION_FAILURE);

        Assert.Equal(RecoveryPolicyKind.STEPWISE_BACKOFF, policy.Kind);
        Assert.Equal(TimeSpan.FromHours(48), policy.MaxElapsed);
        TimeSpan[] expected =
        [
            .. Enumerable.Repeat(TimeSpan.FromSeconds(10), 2), .. Enumerable.Repeat(TimeSpan.FromSeconds(20), 10),
            .. Enumerable.Repeat(TimeSpan.FromMinutes(1), 10), .. Enumerable.Repeat(TimeSpan.FromMinutes(2), 100), TimeSpan.FromMinutes(5),
            TimeSpan.FromMinutes(5),
        ];
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(policy.DelayBefore));
    }

    [Fact]
    public void Constant_backoff_waits_the_same_and_gives_up_after_its_tries()
    {
        var policy = new RecoveryPolicyOptions { Kind = RecoveryPolicyKind.CONSTANT_BACKOFF, Interval = TimeSpan.FromSeconds(30), MaxAttempts = 3 };

        Assert.Equal(Blocked.AddSeconds(30), policy.NextAttempt(0, Blocked, Blocked));
        Assert.Equal(Blocked.AddSeconds(90), policy.NextAttempt(2, Blocked, Blocked.AddSeconds(60)));
        Assert.Null(policy.NextAttempt(3, Blocked, Blocked.AddSeconds(90)));
    }

    [Fact]
    public void Every_policy_gives_up_when_the_next_test_would_come_after_the_maximum_elapsed_time()
    {
        var policy = new RecoveryPolicyOptions { Kind = RecoveryPolicyKind.CONSTANT_BACKOFF, Interval = TimeSpan.FromMinutes(1), MaxElapsed = TimeSpan.FromMinutes(10) };

        Assert.Equal(Blocked.AddMinutes(10), policy.NextAttempt(9, Blocked, Blocked.AddMinutes(9)));
        Assert.Null(policy.NextAttempt(10, Blocked, Blocked.AddMinutes(9).AddSeconds(1)));
    }

    [Fact]
    public void A_condition_may_have_its_own_policy()
    {
        var own = new RecoveryPolicyOptions { Kind = RecoveryPolicyKind.CONSTANT_BACKOFF };
        var options = new RecoveryOptions { Conditions = { [nameof(RecoveryCondition.SSH_AUTHENTICATION_FAILED)] = own } };

        Assert.Same(own, options.PolicyFor(RecoveryCondition.SSH_AUTHENTICATION_FAILED));
        Assert.Same(options.Default, options.PolicyFor(RecoveryCondition.TRANSMISSION_FAILURE));
    }

    [Fact]
    public void Unknown_conditions_empty_steps_and_bad_values_are_refused_with_their_keys()
    {
        var options = new RecoveryOptions
        {
            Conditions = { ["SSH_DOWN"] = new RecoveryPolicyOptions() },
            Default = new RecoveryPolicyOptions { Steps = [], MaxElapsed = TimeSpan.Zero },
            ResumeBatchSize = 0,
        };

        var problems = OptionRules.Check(options, RecoveryOptions.SectionName);

        Assert.Contains(problems, p => p.Contains("Aloe:Recovery:Conditions", StringComparison.Ordinal) && p.Contains("SSH_DOWN", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Aloe:Recovery:Default:Steps", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Aloe:Recovery:Default:MaxElapsed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Aloe:Recovery:ResumeBatchSize", StringComparison.Ordinal));
        Assert.Empty(OptionRules.Check(new RecoveryOptions(), RecoveryOptions.SectionName));
    }

    [Fact]
    public void Configured_steps_replace_the_default_ones()
    {
        var policy = new RecoveryPolicyOptions { Steps = [new MonitoringStep { Count = 1, Interval = TimeSpan.FromSeconds(1) }], FinalInterval = TimeSpan.FromSeconds(3) };

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], Enumerable.Range(0, 3).Select(policy.DelayBefore));
    }
}
