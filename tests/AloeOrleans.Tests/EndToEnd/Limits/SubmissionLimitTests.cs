using System.Diagnostics;
using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// Bounded work per request over HTTP: a request carrying thousands of values for a catastrophic validator is answered
/// 400 in bounded time (before, every value ran into the 200 ms regex timeout one after another: minutes to hours),
/// and a maxRunTime beyond the ceiling is refused (before, it was accepted and overflowed the time limit).
/// </summary>
[NeedsServers]
[Collection(LimitsCollection.Name)]
public sealed class SubmissionLimitTests(LimitsServiceFixture fixture)
{
    /// <summary>Far below the minutes the unbounded validation took, far above the budget (500 ms) on a busy machine.</summary>
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ten_thousand_values_for_an_input_taking_one_are_refused_quickly_without_running_the_validator()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => LimitsCatalog.SlowValue("alice", i)).ToArray();

        var (response, elapsed) = await SubmitTimedAsync(new { name = "sweep", appId = LimitsCatalog.SweepApp, archive = false, inputs = new { one = values } });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("inputs.one: takes at most 1 value, got 10000", response.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in time", response.Message, StringComparison.Ordinal);
        Assert.True(elapsed < Bounded, $"answered after {elapsed}");
    }

    [Fact]
    public async Task Ten_thousand_values_for_an_unbounded_input_are_refused_quickly_naming_the_services_limit()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => LimitsCatalog.SlowValue("alice", i)).ToArray();

        var (response, elapsed) = await SubmitTimedAsync(new { name = "sweep", appId = LimitsCatalog.SweepApp, archive = false, inputs = new { many = values } });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("inputs.many: takes at most 1000 values", response.Message, StringComparison.Ordinal);
        Assert.True(elapsed < Bounded, $"answered after {elapsed}");
    }

    [Fact]
    public async Task Many_values_within_the_count_limit_stop_at_the_validation_budget()
    {
        var values = Enumerable.Range(0, 1000).Select(i => LimitsCatalog.SlowValue("alice", i)).ToArray();

        var (response, elapsed) = await SubmitTimedAsync(new { name = "sweep", appId = LimitsCatalog.SweepApp, archive = false, inputs = new { many = values } });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("validation budget (500 ms of validator time)", response.Message, StringComparison.Ordinal);
        Assert.True(elapsed < Bounded, $"answered after {elapsed}");
    }

    [Theory]
    [InlineData("999999999:00:00")]
    [InlineData("168:00:01")]
    public async Task A_maxRunTime_beyond_the_ceiling_is_refused_naming_the_ceiling_and_nothing_is_stored(string maxRunTime)
    {
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, "alice");
        var before = await fixture.Service.CountRowsAsync("aloe_jobs");

        var response = await alice.SubmitAsync(new { name = "long", appId = E2eCatalog.SleepApp, archive = false, maxRunTime });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains($"maxRunTime: {maxRunTime} is longer than this service's ceiling of 168:00:00", response.Message, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Service.CountRowsAsync("aloe_jobs"));
    }

    private async Task<(ApiResponse Response, TimeSpan Elapsed)> SubmitTimedAsync(object body)
    {
        using var alice = new JobsClient(fixture.Service.BaseAddress, fixture.Service.TokenFor(E2eCatalog.Tenant, "alice"), fixture.Service.Diagnostics);
        var watch = Stopwatch.StartNew();
        var response = await alice.SubmitAsync(body);
        return (response, watch.Elapsed);
    }
}
