using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Submission;
using Xunit;
using static AloeOrleans.Tests.Domain.CatalogSamples;

namespace AloeOrleans.Tests.Domain;

/// <summary>The service's bounds on a submission: the maxRunTime ceiling, values per unbounded input, the validation budget.</summary>
public sealed class SubmissionLimitsTests
{
    private static readonly SubmissionLimits Limits = new(TimeSpan.FromDays(7), MaxValuesPerInput: 5, ValidatorTimeBudget: TimeSpan.FromMilliseconds(500));

    // Every validator evaluation is timed as two clock reads, so with this clock each one "takes" 100 ms.
    private static SubmissionValidationResult Validate(SubmissionRequest request, AppDefinition? app = null, SubmissionLimits? limits = null) =>
        SubmissionValidator.Validate(request, Identity, app ?? App, Fork, Storage, TenantOf(Fork, Storage), limits ?? Limits,
            new SteppingTimeProvider(TimeSpan.FromMilliseconds(100)));

    private static SubmissionError SingleError(SubmissionValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void The_defaults_are_a_week_a_thousand_values_and_half_a_second()
    {
        Assert.Equal(new SubmissionLimits(TimeSpan.FromDays(7), 1000, TimeSpan.FromMilliseconds(500)), SubmissionLimits.Default);
        Assert.Equal(SubmissionLimits.Default, new JobOptions().SubmissionLimits);
    }

    [Theory]
    [InlineData("168:00:01")]
    [InlineData("999999999:00:00")]
    [InlineData("99999999999999:59:59")]
    public void A_maxRunTime_above_the_ceiling_is_refused_naming_the_ceiling(string maxRunTime)
    {
        var error = SingleError(Validate(BaseRequest with { MaxRunTime = maxRunTime }), "maxRunTime");

        Assert.Contains(maxRunTime, error.Message, StringComparison.Ordinal);
        Assert.Contains("ceiling of 168:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_maxRunTime_of_exactly_the_ceiling_is_accepted()
    {
        var result = Validate(BaseRequest with { MaxRunTime = "168:00:00" });

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(error => error.Message)));
        Assert.Equal(168, result.Submission!.Spec.Resources.MaxHours);
    }

    [Fact]
    public void An_app_default_above_the_ceiling_is_refused_as_the_apps_fault()
    {
        var error = SingleError(Validate(BaseRequest, App with { DefaultMaxRunTime = "200:00:00" }), "maxRunTime");

        Assert.Contains("ceiling of 168:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("defaultMaxRunTime of app wc-1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ceiling_is_the_configured_one()
    {
        var twoHours = Limits with { MaxRunTime = TimeSpan.FromHours(2) };

        Assert.True(Validate(BaseRequest with { MaxRunTime = "02:00:00" }, limits: twoHours).IsValid);
        var error = SingleError(Validate(BaseRequest with { MaxRunTime = "02:00:01" }, limits: twoHours), "maxRunTime");
        Assert.Contains("ceiling of 02:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_count_is_reported_without_running_the_validator_on_any_value()
    {
        var app = App with { Inputs = [Input("query", max: 1, validator: "never-matches")] };
        var values = Enumerable.Range(0, 10_000).Select(i => $"value-{i}").ToArray();

        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", values)) }, app), "inputs.query");

        Assert.Contains("at most 1 value, got 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_values_are_reported_without_running_the_validator()
    {
        var app = App with { Inputs = [Input("query", min: 3, max: -1, validator: "never-matches")] };

        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b"))) }, app), "inputs.query");

        Assert.Contains("at least 3 values, got 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unbounded_input_takes_at_most_the_services_number_of_values()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: "never-matches")] };

        Assert.True(Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e"))) }, App with { Inputs = [Input("query", max: -1)] }).IsValid);
        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e", "f"))) }, app), "inputs.query");
        Assert.Contains("at most 5 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_apps_own_maxCardinality_is_not_bounded_by_the_service()
    {
        var app = App with { Inputs = [Input("query", max: 8)] };

        Assert.True(Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e", "f", "g", "h"))) }, app).IsValid);
    }

    [Fact]
    public void When_the_budget_is_spent_the_remaining_values_are_not_checked_and_the_request_is_refused_saying_so()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: "alice/[a-z]+")] };

        var result = Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e"))) }, app,
            Limits with { ValidatorTimeBudget = TimeSpan.FromMilliseconds(300) });

        var error = SingleError(result, "inputs.query");
        Assert.Contains("validation budget (300 ms of validator time) after 3 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_checked_within_the_budget_pass()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: "alice/[a-z]+")] };

        Assert.True(Validate(BaseRequest with { Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e"))) }, app).IsValid);
    }

    [Fact]
    public void The_budget_is_shared_by_inputs_and_parameters_and_names_the_first_field_left_unchecked()
    {
        var app = App with
        {
            Inputs = [Input("query", max: -1, validator: "alice/[a-z]+")],
            Parameters = [Parameter("label", AppParameterType.@string, validator: "[a-z]+")],
        };
        var request = BaseRequest with
        {
            Inputs = Inputs(("query", Mine("a", "b", "c", "d", "e"))),
            Parameters = new Dictionary<string, System.Text.Json.JsonElement> { ["label"] = CatalogSamples.Json("\"x\"") },
        };

        var error = SingleError(Validate(request, app), "parameters.label");

        Assert.Contains("after 5 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatches_found_before_the_budget_ran_out_are_reported_too()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: "alice/[a-z]+")] };

        var result = Validate(BaseRequest with { Inputs = Inputs(("query", Mine("1", "b", "c", "d", "e", "f"))) }, app, Limits with { MaxValuesPerInput = 10 });

        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("does not match", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("validation budget", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catastrophic_validator_fed_many_values_stops_at_the_budget_on_the_real_clock()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: "alice/(a+)+b")] };
        // Distinct lengths, as two inputs may not stage under one name.
        var values = Enumerable.Range(0, 500).Select(i => "alice/" + new string('a', 40 + i)).ToArray();
        var limits = Limits with { MaxValuesPerInput = 1000, ValidatorTimeBudget = TimeSpan.FromMilliseconds(300) };
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = SubmissionValidator.Validate(BaseRequest with { Inputs = Inputs(("query", values)) }, Identity, app, Fork, Storage, TenantOf(Fork, Storage), limits);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"validation took {watch.Elapsed}");
        Assert.Contains(result.Errors, error => error.Message.Contains("validation budget (300 ms", StringComparison.Ordinal));
        Assert.True(result.Errors.Count <= 4, $"{result.Errors.Count} errors: at most two 200 ms timeouts fit in 300 ms");
    }

    /// <summary>Input paths in alice's home folder, the only place an ordinary user may read from.</summary>
    private static string[] Mine(params string[] names) => names.Select(name => "alice/" + name).ToArray();

    private static Dictionary<string, IReadOnlyList<string>> Inputs(params (string Name, string[] Values)[] inputs) =>
        inputs.ToDictionary(input => input.Name, input => (IReadOnlyList<string>)input.Values);
}
