using System.Text;
using System.Text.Json;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class SubmissionRequestParserTests
{
    private const string Minimal = """{"appId":"wc-1.0","name":"count words"}""";

    private static SubmissionParseResult Parse(string json) => SubmissionRequestParser.Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>The minimal valid body plus the given members (raw JSON text after a comma).</summary>
    private static SubmissionParseResult ParseWith(string members) => Parse($$"""{"appId":"wc-1.0","name":"count words",{{members}}}""");

    private static SubmissionRequest Valid(SubmissionParseResult result)
    {
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(error => error.Message)));
        Assert.Empty(result.Errors);
        return result.Request!;
    }

    private static SubmissionError SingleError(SubmissionParseResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Request);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Minimal_request_is_valid_and_leaves_everything_else_unset()
    {
        var request = Valid(Parse(Minimal));

        Assert.Equal("wc-1.0", request.AppId);
        Assert.Equal("count words", request.Name);
        Assert.Null(request.Archive);
        Assert.Null(request.NodeCount);
        Assert.Empty(request.Inputs);
        Assert.Empty(request.Parameters);
        Assert.Empty(request.Notifications);
    }

    [Fact]
    public void Full_request_is_read_field_by_field()
    {
        var request = Valid(ParseWith("""
            "archive":true,"archivePath":"out","archiveSystem":"store","batchQueue":"normal",
            "inputs":{"query":"in.txt","more":["a","b"]},"parameters":{"n":3},"memoryPerNode":"2GB","nodeCount":2,
            "processorsOnEachNode":4,"processorsPerNode":8,"maxRunTime":"01:30:00",
            "notifications":[{"event":"finished","url":"https://example.org/hook?id=${JOB_ID}","persistent":true}]
            """));

        Assert.True(request.Archive);
        Assert.Equal("out", request.ArchivePath);
        Assert.Equal("store", request.ArchiveSystem);
        Assert.Equal("normal", request.BatchQueue);
        Assert.Equal(["in.txt"], request.Inputs["query"]);
        Assert.Equal(["a", "b"], request.Inputs["more"]);
        Assert.Equal(3, request.Parameters["n"].GetInt32());
        Assert.Equal("2GB", request.MemoryPerNode);
        Assert.Equal(2, request.NodeCount);
        Assert.Equal(4, request.ProcessorsOnEachNode);
        Assert.Equal(8, request.ProcessorsPerNode);
        Assert.Equal("01:30:00", request.MaxRunTime);
        Assert.Equal(new NotificationRequest("FINISHED", "https://example.org/hook?id=${JOB_ID}", true), Assert.Single(request.Notifications));
    }

    [Fact]
    public void Malformed_json_names_the_position()
    {
        var error = SingleError(Parse("{\"appId\":\"wc-1.0\",\n \"name\": }"), "body");

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"job\"")]
    [InlineData("null")]
    public void Body_must_be_an_object(string json)
    {
        SingleError(Parse(json), "body");
    }

    [Fact]
    public void Unknown_field_is_named_and_allowed_fields_listed()
    {
        var error = SingleError(ParseWith("\"colour\":\"red\""), "colour");

        Assert.Contains("allowed fields are appId, name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_field_is_rejected()
    {
        SingleError(Parse("""{"appId":"wc-1.0","name":"a","name":"b"}"""), "name");
    }

    [Fact]
    public void Duplicate_input_name_is_rejected()
    {
        SingleError(ParseWith("""
            "inputs":{"query":"a","query":"b"}
            """), "inputs.query");
    }

    [Fact]
    public void Execution_system_is_disallowed_because_it_comes_from_the_app()
    {
        var error = SingleError(ParseWith("\"executionSystem\":\"hpc\""), "executionSystem");

        Assert.Contains("comes from the app", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parameter", "{}", "use parameters")]
    [InlineData("softwareName", "\"wc-1.0\"", "use appId")]
    [InlineData("archiveOutput", "true", "use archive")]
    [InlineData("requestedTime", "\"01:00:00\"", "use maxRunTime")]
    [InlineData("maxMemory", "\"1GB\"", "use memoryPerNode")]
    [InlineData("memory", "\"1GB\"", "use memoryPerNode")]
    [InlineData("processorCount", "4", "use nodeCount and processorsOnEachNode")]
    [InlineData("processors", "4", "use nodeCount and processorsOnEachNode")]
    [InlineData("queue", "\"normal\"", "use batchQueue")]
    [InlineData("callbackUrl", "\"https://example.org\"", "use notifications")]
    public void Removed_agave_field_says_what_to_use_instead(string field, string value, string advice)
    {
        var error = SingleError(ParseWith($"\"{field}\":{value}"), field);

        Assert.Contains("deprecated", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"job"}""", "appId")]
    [InlineData("""{"appId":"wc-1.0"}""", "name")]
    [InlineData("""{"appId":"  ","name":"job"}""", "appId")]
    [InlineData("""{"appId":"wc-1.0","name":""}""", "name")]
    [InlineData("""{"appId":7,"name":"job"}""", "appId")]
    public void App_id_and_name_are_required_non_blank_strings(string json, string field)
    {
        SingleError(Parse(json), field);
    }

    [Theory]
    [InlineData("nodeCount")]
    [InlineData("processorsOnEachNode")]
    [InlineData("processorOnEachNode")]
    [InlineData("processorsPerNode")]
    public void Counts_accept_a_json_integer_of_at_least_one(string field)
    {
        Valid(ParseWith($"\"{field}\":1"));
    }

    [Theory]
    [InlineData("nodeCount", "\"2\"", "got string \"2\"")]
    [InlineData("nodeCount", "2.5", "got number 2.5")]
    [InlineData("nodeCount", "2.0", "got number 2.0")]
    [InlineData("nodeCount", "0", "got number 0")]
    [InlineData("processorsOnEachNode", "-1", "got number -1")]
    [InlineData("processorsPerNode", "true", "got boolean true")]
    [InlineData("nodeCount", "3000000000", "got number 3000000000")]
    [InlineData("nodeCount", "null", "omit the field")]
    public void Counts_are_never_coerced(string field, string value, string shown)
    {
        var error = SingleError(ParseWith($"\"{field}\":{value}"), field);

        Assert.Contains("must be a JSON integer ≥ 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(shown, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_spelling_processor_on_each_node_is_accepted()
    {
        Assert.Equal(3, Valid(ParseWith("\"processorOnEachNode\":3")).ProcessorsOnEachNode);
    }

    [Fact]
    public void Both_spellings_of_processors_on_each_node_are_rejected()
    {
        SingleError(ParseWith("\"processorOnEachNode\":3,\"processorsOnEachNode\":3"), "processorsOnEachNode");
    }

    [Theory]
    [InlineData("archive", "\"true\"")]
    [InlineData("archive", "1")]
    public void Archive_must_be_a_json_boolean(string field, string value)
    {
        SingleError(ParseWith($"\"{field}\":{value},\"archivePath\":\"\""), field);
    }

    [Theory]
    [InlineData("appId", SubmissionFieldLimits.AppId)]
    [InlineData("name", SubmissionFieldLimits.Name)]
    [InlineData("archivePath", SubmissionFieldLimits.ArchivePath)]
    [InlineData("archiveSystem", SubmissionFieldLimits.ArchiveSystem)]
    [InlineData("batchQueue", SubmissionFieldLimits.BatchQueue)]
    public void Strings_may_have_exactly_their_maximum_length(string field, int limit)
    {
        Valid(Parse(WithStringField(field, new string('a', limit))));
    }

    [Theory]
    [InlineData("appId", SubmissionFieldLimits.AppId)]
    [InlineData("name", SubmissionFieldLimits.Name)]
    [InlineData("archivePath", SubmissionFieldLimits.ArchivePath)]
    [InlineData("archiveSystem", SubmissionFieldLimits.ArchiveSystem)]
    [InlineData("batchQueue", SubmissionFieldLimits.BatchQueue)]
    public void Strings_over_their_maximum_length_are_rejected(string field, int limit)
    {
        var error = SingleError(Parse(WithStringField(field, new string('a', limit + 1))), field);

        Assert.Contains($"at most {limit} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_are_the_seed_table()
    {
        Assert.Equal(
            [64, 64, 255, 64, 255, 32, 20, 32, 1024],
            [
                SubmissionFieldLimits.AppId, SubmissionFieldLimits.Name, SubmissionFieldLimits.ArchivePath,
                SubmissionFieldLimits.ArchiveSystem, SubmissionFieldLimits.BatchQueue, SubmissionFieldLimits.MemoryPerNode,
                SubmissionFieldLimits.MaxRunTime, SubmissionFieldLimits.NotificationEvent, SubmissionFieldLimits.NotificationUrl,
            ]);
    }

    [Fact]
    public void Length_counts_characters_not_utf16_units()
    {
        Valid(Parse(WithStringField("name", string.Concat(Enumerable.Repeat("😀", SubmissionFieldLimits.Name)))));
    }

    [Theory]
    [InlineData("memoryPerNode", SubmissionFieldLimits.MemoryPerNode)]
    [InlineData("maxRunTime", SubmissionFieldLimits.MaxRunTime)]
    public void Formatted_strings_may_have_exactly_their_maximum_length(string field, int limit)
    {
        var value = field == "memoryPerNode" ? "1".PadLeft(limit, '0') : "1:00:00".PadLeft(limit, '0');

        Valid(Parse(WithStringField(field, value)));
    }

    [Theory]
    [InlineData("memoryPerNode", SubmissionFieldLimits.MemoryPerNode)]
    [InlineData("maxRunTime", SubmissionFieldLimits.MaxRunTime)]
    public void Formatted_strings_over_their_maximum_length_are_rejected(string field, int limit)
    {
        var value = field == "memoryPerNode" ? "1".PadLeft(limit + 1, '0') : "1:00:00".PadLeft(limit + 1, '0');

        SingleError(Parse(WithStringField(field, value)), field);
    }

    [Theory]
    [InlineData("memoryPerNode", "5XB")]
    [InlineData("maxRunTime", "1:00")]
    public void Memory_and_run_time_must_have_their_format(string field, string value)
    {
        SingleError(ParseWith($"\"{field}\":\"{value}\""), field);
    }

    [Fact]
    public void Archive_true_requires_archive_path()
    {
        var error = SingleError(ParseWith("\"archive\":true"), "archivePath");

        Assert.Contains("can be the empty string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"archive\":true,\"archivePath\":\"\"")]
    [InlineData("\"archive\":false")]
    [InlineData("\"archiveSystem\":\"store\"")]
    public void Archive_path_is_not_needed_unless_archive_is_explicitly_true(string members)
    {
        Valid(ParseWith(members));
    }

    [Fact]
    public void Archive_path_must_not_climb_out_of_the_archive_system()
    {
        SingleError(ParseWith("\"archivePath\":\"jobs/../../etc\""), "archivePath");
    }

    [Fact]
    public void Null_for_an_optional_string_is_rejected_with_advice_to_omit_it()
    {
        var error = SingleError(ParseWith("\"batchQueue\":null"), "batchQueue");

        Assert.Contains("omit the field", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"a\"]")]
    [InlineData("\"a\"")]
    public void Inputs_must_be_an_object(string value)
    {
        SingleError(ParseWith($"\"inputs\":{value}"), "inputs");
    }

    [Theory]
    [InlineData("{\"query\":5}", "inputs.query")]
    [InlineData("{\"query\":{\"path\":\"a\"}}", "inputs.query")]
    [InlineData("{\"query\":[\"a\",5]}", "inputs.query[1]")]
    public void Input_values_must_be_strings_or_arrays_of_strings(string inputs, string field)
    {
        SingleError(ParseWith($"\"inputs\":{inputs}"), field);
    }

    [Theory]
    [InlineData("data/in.txt")]
    [InlineData("/data/in.txt")]
    [InlineData("in..txt")]
    [InlineData("http://example.org/in.txt")]
    [InlineData("https://example.org/in.txt")]
    [InlineData("sftp://host/home/u/in.txt")]
    [InlineData("ftp://host/in.txt")]
    [InlineData("irods://zone/home/in.txt")]
    [InlineData("irods4://zone/home/in.txt")]
    [InlineData("agave://store/data/in.txt")]
    [InlineData("HTTPS://example.org/in.txt")]
    public void Input_may_be_a_relative_path_or_a_supported_uri(string location)
    {
        Assert.Equal([location], Valid(ParseWith($"\"inputs\":{{\"query\":\"{location}\"}}")).Inputs["query"]);
    }

    [Theory]
    [InlineData("gridftp://host/in.txt")]
    [InlineData("azure://container/in.txt")]
    [InlineData("s3://bucket/in.txt")]
    public void Input_schemes_agave_had_are_not_supported_by_aloe(string location)
    {
        var error = SingleError(ParseWith($"\"inputs\":{{\"query\":\"{location}\"}}"), "inputs.query");

        Assert.Contains("not supported by Aloe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_input_schemes_are_rejected_with_the_allowed_ones_listed()
    {
        var error = SingleError(ParseWith("\"inputs\":{\"query\":\"file:///etc/passwd\"}"), "inputs.query");

        Assert.Contains("http, https, sftp, ftp, irods, irods4, agave", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("data/../../secret")]
    [InlineData("agave://store/data/../../secret")]
    [InlineData("agave://store")]
    [InlineData("agave:///data/in.txt")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("in\\ntxt")]
    public void Input_locations_that_escape_or_say_nothing_are_rejected(string location)
    {
        SingleError(ParseWith($"\"inputs\":{{\"query\":\"{location}\"}}"), "inputs.query");
    }

    [Theory]
    [InlineData("ftp://anonymous:me@example.org@host/in.txt")]
    [InlineData("http://exa mple.org/in.txt")]
    [InlineData("sftp://host:port/in.txt")]
    public void Input_urls_that_do_not_parse_are_rejected_at_submission(string location)
    {
        var error = SingleError(ParseWith($"\"inputs\":{{\"query\":\"{location}\"}}"), "inputs.query");

        Assert.Contains("not a valid URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_value_over_its_limit_is_rejected()
    {
        Valid(ParseWith($"\"inputs\":{{\"query\":\"{new string('a', SubmissionFieldLimits.InputValue)}\"}}"));
        SingleError(ParseWith($"\"inputs\":{{\"query\":\"{new string('a', SubmissionFieldLimits.InputValue + 1)}\"}}"), "inputs.query");
    }

    [Fact]
    public void Parameters_must_be_an_object()
    {
        SingleError(ParseWith("\"parameters\":[1]"), "parameters");
    }

    [Fact]
    public void Parameter_values_of_any_json_type_are_kept_for_the_validator()
    {
        var request = Valid(ParseWith("""
            "parameters":{"s":"x","n":1.5,"b":false,"o":{"k":1},"z":null}
            """));

        Assert.Equal(JsonValueKind.String, request.Parameters["s"].ValueKind);
        Assert.Equal(1.5, request.Parameters["n"].GetDouble());
        Assert.Equal(JsonValueKind.False, request.Parameters["b"].ValueKind);
        Assert.Equal(JsonValueKind.Object, request.Parameters["o"].ValueKind);
        Assert.Equal(JsonValueKind.Null, request.Parameters["z"].ValueKind);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"*\"")]
    public void Notifications_must_be_an_array(string value)
    {
        SingleError(ParseWith($"\"notifications\":{value}"), "notifications");
    }

    [Fact]
    public void Notification_must_be_an_object()
    {
        SingleError(ParseWith("\"notifications\":[\"https://example.org\"]"), "notifications[0]");
    }

    [Theory]
    [InlineData("*", "*")]
    [InlineData("finished", "FINISHED")]
    [InlineData("Staging_Inputs", "STAGING_INPUTS")]
    public void Notification_event_is_a_status_or_star_in_any_case(string eventName, string stored)
    {
        var request = Valid(ParseWith($$"""
            "notifications":[{"event":"{{eventName}}","url":"user@example.org"}]
            """));

        Assert.Equal(new NotificationRequest(stored, "user@example.org", false), Assert.Single(request.Notifications));
    }

    [Theory]
    [InlineData("""{"url":"user@example.org"}""", "notifications[0].event")]
    [InlineData("""{"event":"DONE","url":"user@example.org"}""", "notifications[0].event")]
    [InlineData("""{"event":3,"url":"user@example.org"}""", "notifications[0].event")]
    [InlineData("""{"event":"*"}""", "notifications[0].url")]
    [InlineData("""{"event":"*","url":"ftp://example.org/hook"}""", "notifications[0].url")]
    [InlineData("""{"event":"*","url":"not an address"}""", "notifications[0].url")]
    [InlineData("""{"event":"*","url":"user@localhost"}""", "notifications[0].url")]
    [InlineData("""{"event":"*","url":"user@example.org","persistent":"yes"}""", "notifications[0].persistent")]
    [InlineData("""{"event":"*","url":"user@example.org","retries":5}""", "notifications[0].retries")]
    public void Notification_fields_follow_their_rules(string notification, string field)
    {
        SingleError(ParseWith($"\"notifications\":[{notification}]"), field);
    }

    [Fact]
    public void Notification_policy_is_read_with_defaults_for_what_is_left_out()
    {
        var request = Valid(ParseWith("""
            "notifications":[{"event":"*","url":"user@example.org","policy":{"retryStrategy":"DELAYED","retryRate":2}}]
            """));

        var policy = Assert.Single(request.Notifications).Policy;
        Assert.Equal(new NotificationPolicy { RetryStrategy = RetryStrategy.DELAYED, RetryRate = 2 }, policy);
    }

    [Theory]
    [InlineData("""{"retryStrategy":"LATER"}""", "notifications[0].policy.retryStrategy")]
    [InlineData("""{"retryLimit":5000}""", "notifications[0].policy.retryLimit")]
    [InlineData("""{"retryRate":"5"}""", "notifications[0].policy.retryRate")]
    [InlineData("""{"retryDelay":86401}""", "notifications[0].policy.retryDelay")]
    [InlineData("""{"saveOnFailure":1}""", "notifications[0].policy.saveOnFailure")]
    [InlineData("""{"backoff":2}""", "notifications[0].policy.backoff")]
    [InlineData("\"EXPONENTIAL\"", "notifications[0].policy")]
    public void Notification_policy_fields_follow_their_rules(string policy, string field)
    {
        SingleError(ParseWith($$"""
            "notifications":[{"event":"*","url":"user@example.org","policy":{{policy}}}]
            """), field);
    }

    [Fact]
    public void Notification_url_may_be_a_templated_http_url()
    {
        Valid(ParseWith("""
            "notifications":[{"event":"*","url":"http://example.org/${JOB_ID}/${JOB_STATUS}"}]
            """));
    }

    [Fact]
    public void Notification_string_limits_are_enforced()
    {
        var longEvent = "FINISHED".PadRight(SubmissionFieldLimits.NotificationEvent + 1);
        var longUrl = "https://example.org/" + new string('a', SubmissionFieldLimits.NotificationUrl);

        SingleError(ParseWith($$"""
            "notifications":[{"event":"{{longEvent}}","url":"user@example.org"}]
            """), "notifications[0].event");
        SingleError(ParseWith($$"""
            "notifications":[{"event":"*","url":"{{longUrl}}"}]
            """), "notifications[0].url");
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var result = Parse("""
            {"name":"","nodeCount":"2","executionSystem":"hpc","inputs":{"q":"s3://b/k"},"notifications":[{"event":"x"}]}
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["appId", "executionSystem", "inputs.q", "name", "nodeCount", "notifications[0].event", "notifications[0].url"],
            result.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    private static string WithStringField(string field, string value)
    {
        var body = new Dictionary<string, string> { ["appId"] = "wc-1.0", ["name"] = "job", [field] = value };
        return JsonSerializer.Serialize(body);
    }
}
