using System.Text.Json;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Submission;
using Xunit;
using static AloeOrleans.Tests.Domain.CatalogSamples;

namespace AloeOrleans.Tests.Domain;

public sealed class SubmissionValidatorTests
{
    private static SubmissionValidationResult Validate(SubmissionRequest request, AppDefinition? app = null, SystemDefinition? execution = null, SystemDefinition? archive = null, bool noArchiveSystem = false) =>
        SubmissionValidator.Validate(request, Identity, app ?? App, execution ?? Fork, noArchiveSystem ? null : archive ?? Storage,
            TenantOf(execution ?? Fork, archive ?? Storage));

    private static ValidatedSubmission Valid(SubmissionValidationResult result)
    {
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(error => error.Message)));
        Assert.Empty(result.Errors);
        return result.Submission!;
    }

    private static SubmissionError SingleError(SubmissionValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Submission);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Minimal_request_gets_identity_app_system_and_service_defaults()
    {
        var job = Valid(Validate(BaseRequest));

        Assert.Equal("tenant-a", job.TenantId);
        Assert.Equal("alice", job.Owner);
        Assert.Equal("Internal/everyone,jobs-user", job.Roles);
        Assert.Equal("count words", job.Spec.Name);
        Assert.Equal("wc-1.0", job.Spec.AppId);
        Assert.Equal("app-uuid-1", job.Spec.AppUuid);
        Assert.Equal("local", job.Spec.SystemId);
        Assert.True(job.Spec.Archive.Enabled);
        Assert.Equal("", job.Spec.Archive.Path);
        Assert.Equal("store", job.Spec.Archive.SystemId);
        Assert.Null(job.Spec.Resources.RemoteQueue);
        Assert.Equal(1, job.Spec.Resources.NodeCount);
        Assert.Equal(1, job.Spec.Resources.ProcessorsPerNode);
        Assert.Equal(1.0, job.Spec.Resources.MemoryPerNodeGb);
        Assert.Equal(1.0, job.Spec.Resources.MaxHours);
        Assert.Equal("{}", job.Spec.Inputs);
        Assert.Equal("{}", job.Spec.Parameters);
        Assert.Equal("[]", job.Spec.Notifications);
    }

    [Fact]
    public void App_defaults_apply_when_the_request_is_silent()
    {
        var app = App with { DefaultNodeCount = 2, DefaultProcessorsPerNode = 4, DefaultMemoryPerNode = "512MB", DefaultMaxRunTime = "02:30:00" };

        var job = Valid(Validate(BaseRequest, app));

        Assert.Equal((2, 4, 0.5, 2.5), (job.Spec.Resources.NodeCount, job.Spec.Resources.ProcessorsPerNode, job.Spec.Resources.MemoryPerNodeGb, job.Spec.Resources.MaxHours));
    }

    [Fact]
    public void Request_values_win_over_app_defaults()
    {
        var app = App with { DefaultNodeCount = 2, DefaultProcessorsPerNode = 4, DefaultMemoryPerNode = "512MB", DefaultMaxRunTime = "02:30:00" };
        var request = BaseRequest with { NodeCount = 3, ProcessorsOnEachNode = 5, MemoryPerNode = "2GB", MaxRunTime = "00:30:00" };

        var job = Valid(Validate(request, app));

        Assert.Equal((3, 5, 2.0, 0.5), (job.Spec.Resources.NodeCount, job.Spec.Resources.ProcessorsPerNode, job.Spec.Resources.MemoryPerNodeGb, job.Spec.Resources.MaxHours));
    }

    [Fact]
    public void Misconfigured_app_default_is_reported_as_the_apps_fault()
    {
        var error = SingleError(Validate(BaseRequest, App with { DefaultMaxRunTime = "forever" }), "maxRunTime");

        Assert.Contains("defaultMaxRunTime of app wc-1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deprecated_processors_per_node_is_the_total_spread_over_the_nodes()
    {
        var job = Valid(Validate(BaseRequest with { NodeCount = 2, ProcessorsPerNode = 8 }));

        Assert.Equal(4, job.Spec.Resources.ProcessorsPerNode);
    }

    [Fact]
    public void Deprecated_processors_per_node_must_divide_by_node_count()
    {
        var error = SingleError(Validate(BaseRequest with { NodeCount = 2, ProcessorsPerNode = 7 }), "processorsPerNode");

        Assert.Contains("does not divide evenly by nodeCount 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deprecated_processors_per_node_is_ignored_when_processors_on_each_node_is_given()
    {
        var job = Valid(Validate(BaseRequest with { NodeCount = 2, ProcessorsPerNode = 7, ProcessorsOnEachNode = 3 }));

        Assert.Equal(3, job.Spec.Resources.ProcessorsPerNode);
    }

    [Fact]
    public void Serial_app_runs_one_processor_on_each_node()
    {
        var serial = App with { Parallelism = AppParallelism.SERIAL };

        Valid(Validate(BaseRequest with { ProcessorsOnEachNode = 1 }, serial));
        SingleError(Validate(BaseRequest with { ProcessorsOnEachNode = 2 }, serial), "processorsOnEachNode");
    }

    [Fact]
    public void Execution_system_must_be_an_execution_system()
    {
        SingleError(Validate(BaseRequest, execution: Storage), "appId");
    }

    [Fact]
    public void Undeclared_input_is_rejected_with_the_declared_ones_listed()
    {
        var app = App with { Inputs = [Input("query")] };

        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("other", ["alice/a"])) }, app), "inputs.other");

        Assert.Contains("its inputs are query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_input_must_be_given()
    {
        var app = App with { Inputs = [Input("query", required: true)] };

        Valid(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/in.txt"])) }, app));
        SingleError(Validate(BaseRequest, app), "inputs.query");
    }

    [Fact]
    public void Required_input_is_satisfied_by_the_app_default()
    {
        var app = App with { Inputs = [Input("query", required: true, defaultJson: "\"agave://store/alice/default.txt\"")] };

        Assert.Equal("""{"query":["agave://store/alice/default.txt"]}""", Valid(Validate(BaseRequest, app)).Spec.Inputs);
    }

    [Fact]
    public void Input_default_that_is_not_a_string_is_an_app_misconfiguration()
    {
        var app = App with { Inputs = [Input("query", defaultJson: "5")] };

        Assert.Contains("app wc-1.0 is misconfigured", SingleError(Validate(BaseRequest, app), "inputs.query").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_takes_at_most_its_max_cardinality()
    {
        var app = App with { Inputs = [Input("query", max: 2)] };

        Valid(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a", "alice/b"])) }, app));
        SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a", "alice/b", "alice/c"])) }, app), "inputs.query");
    }

    [Fact]
    public void Max_cardinality_of_minus_one_is_unbounded()
    {
        var app = App with { Inputs = [Input("query", max: -1)] };

        Valid(Validate(BaseRequest with { Inputs = Inputs(("query", Enumerable.Range(0, 50).Select(index => $"alice/f{index}").ToArray())) }, app));
    }

    [Fact]
    public void Input_needs_at_least_its_min_cardinality()
    {
        var app = App with { Inputs = [Input("query", min: 2, max: -1)] };

        Valid(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a", "alice/b"])) }, app));
        SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a"])) }, app), "inputs.query");
    }

    [Fact]
    public void Every_input_value_must_match_the_validator()
    {
        var app = App with { Inputs = [Input("query", max: -1, validator: @".*\.txt")] };

        Valid(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a.txt", "alice/b.txt"])) }, app));
        SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a.txt", "alice/b.csv"])) }, app), "inputs.query");
    }

    [Fact]
    public void Validator_must_match_the_whole_value()
    {
        var app = App with { Inputs = [Input("query", validator: "txt")] };

        SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a.txt"])) }, app), "inputs.query");
    }

    [Fact]
    public void Invalid_validator_regex_is_reported_as_an_app_misconfiguration()
    {
        var app = App with { Inputs = [Input("query", validator: "([a-z")] };

        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/a"])) }, app), "inputs.query");

        Assert.Contains("app wc-1.0 is misconfigured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catastrophic_validator_times_out_instead_of_hanging()
    {
        var app = App with { Inputs = [Input("query", validator: "alice/(a+)+b")] };

        var error = SingleError(Validate(BaseRequest with { Inputs = Inputs(("query", ["alice/" + new string('a', 5000) + "c"])) }, app), "inputs.query");

        Assert.Contains("in time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_are_stored_as_arrays_in_app_declaration_order()
    {
        var app = App with { Inputs = [Input("first", max: -1), Input("second"), Input("unused")] };

        var job = Valid(Validate(BaseRequest with { Inputs = Inputs(("second", ["alice/s"]), ("first", ["alice/a", "alice/b"])) }, app));

        Assert.Equal("""{"first":["alice/a","alice/b"],"second":["alice/s"]}""", job.Spec.Inputs);
    }

    [Fact]
    public void Undeclared_parameter_is_rejected()
    {
        var app = App with { Parameters = [Parameter("mode", AppParameterType.@string)] };

        Assert.Contains("its parameters are mode", SingleError(Validate(WithParameter("other", "1"), app), "parameters.other").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppParameterType.@string, "\"fast\"")]
    [InlineData(AppParameterType.number, "5")]
    [InlineData(AppParameterType.number, "2.5")]
    [InlineData(AppParameterType.@bool, "true")]
    [InlineData(AppParameterType.flag, "false")]
    [InlineData(AppParameterType.enumeration, "\"fast\"")]
    public void Parameter_value_of_the_declared_json_type_is_accepted(AppParameterType type, string json)
    {
        var app = App with { Parameters = [Parameter("mode", type, enumValues: ["fast", "slow"])] };

        Assert.Equal($$"""{"mode":{{json}}}""", Valid(Validate(WithParameter("mode", json), app)).Spec.Parameters);
    }

    [Theory]
    [InlineData(AppParameterType.@string, "5", "must be a JSON string")]
    [InlineData(AppParameterType.number, "\"5\"", "must be a JSON number")]
    [InlineData(AppParameterType.@bool, "\"true\"", "must be JSON true or false")]
    [InlineData(AppParameterType.flag, "1", "must be JSON true or false")]
    [InlineData(AppParameterType.enumeration, "\"medium\"", "one of \"fast\", \"slow\"")]
    [InlineData(AppParameterType.enumeration, "1", "one of \"fast\", \"slow\"")]
    [InlineData(AppParameterType.@string, "null", "got null")]
    public void Parameter_value_of_another_json_type_is_never_coerced(AppParameterType type, string json, string rule)
    {
        var app = App with { Parameters = [Parameter("mode", type, enumValues: ["fast", "slow"])] };

        Assert.Contains(rule, SingleError(Validate(WithParameter("mode", json), app), "parameters.mode").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_parameter_must_be_given()
    {
        var app = App with { Parameters = [Parameter("mode", AppParameterType.@string, required: true)] };

        Valid(Validate(WithParameter("mode", "\"x\""), app));
        SingleError(Validate(BaseRequest, app), "parameters.mode");
    }

    [Fact]
    public void Parameter_default_is_applied_and_stored()
    {
        var app = App with { Parameters = [Parameter("mode", AppParameterType.@string, required: true, defaultJson: "\"fast\"")] };

        Assert.Equal("""{"mode":"fast"}""", Valid(Validate(BaseRequest, app)).Spec.Parameters);
    }

    [Fact]
    public void Parameter_default_of_the_wrong_type_is_an_app_misconfiguration()
    {
        var app = App with { Parameters = [Parameter("count", AppParameterType.number, defaultJson: "\"5\"")] };

        Assert.Contains("misconfigured", SingleError(Validate(BaseRequest, app), "parameters.count").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_validator_applies_to_the_text_form_of_the_value()
    {
        var app = App with { Parameters = [Parameter("count", AppParameterType.number, validator: "[0-9]+")] };

        Valid(Validate(WithParameter("count", "12"), app));
        SingleError(Validate(WithParameter("count", "1.5"), app), "parameters.count");
    }

    [Fact]
    public void Hidden_parameter_cannot_be_set_by_the_user()
    {
        var app = App with { Parameters = [Parameter("secret", AppParameterType.@string, defaultJson: "\"x\"", visible: false)] };

        Assert.Equal("""{"secret":"x"}""", Valid(Validate(BaseRequest, app)).Spec.Parameters);
        SingleError(Validate(WithParameter("secret", "\"y\""), app), "parameters.secret");
    }

    [Fact]
    public void Parameters_are_stored_typed_in_app_declaration_order()
    {
        var app = App with
        {
            Parameters =
            [
                Parameter("a", AppParameterType.number), Parameter("b", AppParameterType.flag),
                Parameter("c", AppParameterType.@string, defaultJson: "\"d\""),
            ],
        };
        var request = BaseRequest with { Parameters = new Dictionary<string, JsonElement> { ["b"] = CatalogSamples.Json("true"), ["a"] = CatalogSamples.Json("1e3") } };

        Assert.Equal("""{"a":1e3,"b":true,"c":"d"}""", Valid(Validate(request, app)).Spec.Parameters);
    }

    [Fact]
    public void Named_archive_system_that_was_not_found_is_rejected()
    {
        var error = SingleError(Validate(BaseRequest with { ArchiveSystem = "nowhere" }, noArchiveSystem: true), "archiveSystem");

        Assert.Contains("nowhere is not a storage system of tenant tenant-a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_system_must_be_a_storage_system()
    {
        SingleError(Validate(BaseRequest with { ArchiveSystem = "local" }, archive: Fork), "archiveSystem");
    }

    [Fact]
    public void Archiving_needs_an_archive_system()
    {
        SingleError(Validate(BaseRequest, noArchiveSystem: true), "archiveSystem");
    }

    [Fact]
    public void Job_that_does_not_archive_needs_no_archive_system()
    {
        var job = Valid(Validate(BaseRequest with { Archive = false }, noArchiveSystem: true));

        Assert.False(job.Spec.Archive.Enabled);
        Assert.Equal("", job.Spec.Archive.SystemId);
    }

    [Fact]
    public void Archive_path_is_kept()
    {
        Assert.Equal("alice/results/run1", Valid(Validate(BaseRequest with { Archive = true, ArchivePath = "alice/results/run1" })).Spec.Archive.Path);
    }

    [Fact]
    public void System_without_queues_takes_no_batch_queue()
    {
        Assert.Null(Valid(Validate(BaseRequest)).Spec.Resources.RemoteQueue);
        SingleError(Validate(BaseRequest with { BatchQueue = "normal" }), "batchQueue");
    }

    [Fact]
    public void Requested_queue_that_fits_is_used()
    {
        var system = Slurm(Queue("normal", isDefault: true), Queue("large"));

        Assert.Equal("large", Valid(Validate(BaseRequest with { BatchQueue = "large" }, execution: system)).Spec.Resources.RemoteQueue);
    }

    [Fact]
    public void Requested_queue_must_exist()
    {
        var error = SingleError(Validate(BaseRequest with { BatchQueue = "gpu" }, execution: Slurm(Queue("normal"))), "batchQueue");

        Assert.Contains("its queues are normal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_queue_must_fit_the_job()
    {
        var error = SingleError(Validate(BaseRequest with { BatchQueue = "small", NodeCount = 4 }, execution: Slurm(Queue("small", maxNodes: 2))), "batchQueue");

        Assert.Contains("maxNodes 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_queue_with_a_negative_limit_is_ignored()
    {
        var system = Slurm(Queue("unlimited", maxNodes: -1), Queue("normal"));

        SingleError(Validate(BaseRequest with { BatchQueue = "unlimited" }, execution: system), "batchQueue");
    }

    [Fact]
    public void Queue_with_a_negative_limit_is_never_chosen()
    {
        var system = Slurm(Queue("unlimited", maxMemoryGb: -1, isDefault: true), Queue("normal"));

        Assert.Equal("normal", Valid(Validate(BaseRequest, execution: system)).Spec.Resources.RemoteQueue);
    }

    [Fact]
    public void Apps_default_queue_is_preferred()
    {
        var system = Slurm(Queue("normal", isDefault: true), Queue("long"));

        Assert.Equal("long", Valid(Validate(BaseRequest, App with { DefaultQueue = "long" }, system)).Spec.Resources.RemoteQueue);
    }

    [Fact]
    public void Systems_default_queue_comes_next()
    {
        var system = Slurm(Queue("debug"), Queue("normal", isDefault: true));

        Assert.Equal("normal", Valid(Validate(BaseRequest, execution: system)).Spec.Resources.RemoteQueue);
    }

    [Fact]
    public void First_fitting_queue_is_chosen_when_the_defaults_do_not_fit()
    {
        var system = Slurm(Queue("debug", maxTime: "00:30:00", isDefault: true), Queue("tiny", maxMemoryGb: 0.5), Queue("long"));

        Assert.Equal("long", Valid(Validate(BaseRequest with { MaxRunTime = "10:00:00" }, execution: system)).Spec.Resources.RemoteQueue);
    }

    [Theory]
    [InlineData(4, 1, "1GB", "01:00:00")]
    [InlineData(1, 9, "1GB", "01:00:00")]
    [InlineData(1, 1, "1025MB", "01:00:00")]
    [InlineData(1, 1, "1GB", "02:00:01")]
    public void Job_exceeding_every_queue_is_rejected_with_the_limits(int nodes, int processors, string memory, string time)
    {
        var system = Slurm(Queue("only", maxNodes: 2, maxProcessors: 8, maxMemoryGb: 1, maxTime: "02:00:00"));
        var request = BaseRequest with { NodeCount = nodes, ProcessorsOnEachNode = processors, MemoryPerNode = memory, MaxRunTime = time };

        var error = SingleError(Validate(request, execution: system), "batchQueue");

        Assert.Contains("only (maxNodes 2, maxProcessorsPerNode 8, maxMemoryPerNode 1 GB, maxRequestedTime 02:00:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_exactly_at_every_limit_fits()
    {
        var system = Slurm(Queue("only", maxNodes: 2, maxProcessors: 8, maxMemoryGb: 1, maxTime: "02:00:00"));
        var request = BaseRequest with { NodeCount = 2, ProcessorsOnEachNode = 8, MemoryPerNode = "1024MB", MaxRunTime = "02:00:00" };

        Assert.Equal("only", Valid(Validate(request, execution: system)).Spec.Resources.RemoteQueue);
    }

    [Fact]
    public void Notifications_are_stored_as_an_array()
    {
        var delayed = new NotificationPolicy { RetryStrategy = RetryStrategy.DELAYED, RetryLimit = 2, RetryRate = 1 };
        var request = BaseRequest with
        {
            Notifications = [new("FINISHED", "https://example.org/h", true) { Policy = delayed }, new("*", "a@example.org", false)],
        };

        Assert.Equal(
            """
            [{"event":"FINISHED","url":"https://example.org/h","persistent":true,"policy":{"retryStrategy":"DELAYED","retryLimit":2,"retryRate":1,"retryDelay":0,"saveOnFailure":true}},{"event":"*","url":"a@example.org","persistent":false,"policy":{"retryStrategy":"IMMEDIATE","retryLimit":5,"retryRate":5,"retryDelay":0,"saveOnFailure":true}}]
            """,
            Valid(Validate(request)).Spec.Notifications);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var app = App with { Parallelism = AppParallelism.SERIAL, Inputs = [Input("query", required: true)] };
        var request = BaseRequest with { ProcessorsOnEachNode = 2, ArchiveSystem = "nowhere", Parameters = new Dictionary<string, JsonElement> { ["x"] = CatalogSamples.Json("1") } };

        var result = SubmissionValidator.Validate(request, Identity, app, Fork, null, TenantOf(Fork));

        Assert.Equal(
            ["archiveSystem", "inputs.query", "parameters.x", "processorsOnEachNode"],
            result.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, IReadOnlyList<string>> Inputs(params (string Name, string[] Values)[] inputs) =>
        inputs.ToDictionary(input => input.Name, input => (IReadOnlyList<string>)input.Values);

    private static SubmissionRequest WithParameter(string name, string json) =>
        BaseRequest with { Parameters = new Dictionary<string, JsonElement> { [name] = CatalogSamples.Json(json) } };
}
