using System.Text.Json;
using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>A notification's policy object: typed fields within their ranges, defaults for what is left out, errors by field.</summary>
public sealed class NotificationPolicyReaderTests
{
    [Fact]
    public void Every_field_is_read()
    {
        var policy = Read("""{"retryStrategy":"exponential","retryLimit":1440,"retryRate":86400,"retryDelay":0,"saveOnFailure":false}""", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new NotificationPolicy { RetryStrategy = RetryStrategy.EXPONENTIAL, RetryLimit = 1440, RetryRate = 86400, RetryDelay = 0, SaveOnFailure = false }, policy);
    }

    [Fact]
    public void An_empty_object_is_the_default_policy()
    {
        Assert.Equal(NotificationPolicy.Default, Read("{}", out _));
    }

    [Theory]
    [InlineData("""{"retryStrategy":"SOMETIMES"}""", "p.retryStrategy", "must be one of NONE, IMMEDIATE, DELAYED, EXPONENTIAL")]
    [InlineData("""{"retryStrategy":"1"}""", "p.retryStrategy", "must be one of")]
    [InlineData("""{"retryStrategy":2}""", "p.retryStrategy", "must be one of")]
    [InlineData("""{"retryLimit":1441}""", "p.retryLimit", "from 0 to 1440")]
    [InlineData("""{"retryLimit":-1}""", "p.retryLimit", "from 0 to 1440")]
    [InlineData("""{"retryLimit":"5"}""", "p.retryLimit", "from 0 to 1440, got string \"5\"")]
    [InlineData("""{"retryLimit":2.5}""", "p.retryLimit", "whole number")]
    [InlineData("""{"retryRate":86401}""", "p.retryRate", "from 0 to 86400")]
    [InlineData("""{"retryDelay":-5}""", "p.retryDelay", "from 0 to 86400")]
    [InlineData("""{"saveOnFailure":"yes"}""", "p.saveOnFailure", "true or false")]
    [InlineData("""{"retries":3}""", "p.retries", "is not a field of a policy")]
    [InlineData("""{"retryLimit":1,"retryLimit":2}""", "p.retryLimit", "more than once")]
    [InlineData("""[1]""", "p", "must be a JSON object")]
    [InlineData("""null""", "p", "must be a JSON object")]
    public void A_broken_field_is_named_with_its_rule(string json, string field, string message)
    {
        Assert.Null(Read(json, out var errors));

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_policy_reads_back_as_written()
    {
        var policy = new NotificationPolicy { RetryStrategy = RetryStrategy.DELAYED, RetryLimit = 2, RetryRate = 1, RetryDelay = 3, SaveOnFailure = false };

        Assert.Equal(policy, NotificationPolicyReader.FromStored(policy.ToJson().ToJsonString()));
        Assert.Equal(NotificationPolicy.Default, NotificationPolicyReader.FromStored("{}"));
        Assert.Equal(NotificationPolicy.Default, NotificationPolicyReader.FromStored(null));
    }

    private static NotificationPolicy? Read(string json, out List<(string Field, string Message)> errors)
    {
        errors = [];
        using var document = JsonDocument.Parse(json);
        return NotificationPolicyReader.Read(document.RootElement, "p", errors);
    }
}
