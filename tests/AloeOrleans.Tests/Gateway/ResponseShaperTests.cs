using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Envelope;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

public sealed class ResponseShaperTests
{
    private static JsonNode Job() => JsonNode.Parse("""
        {"id":"a","name":"n","status":"RUNNING","inputs":{"in1":"x"},
         "_links":{"self":{"href":"s"},"app":{"href":"p"}},
         "notes":[{"k":1,"v":2},{"k":3,"v":4}]}
        """)!;

    [Fact]
    public void Success_envelope_has_the_four_fields_in_order()
    {
        var body = ResponseShaper.Render("success", null, "1.2.3", JsonValue.Create(5), ShapeOptions.Default);

        Assert.Equal("""{"status":"success","message":null,"version":"1.2.3","result":5}""", body);
    }

    [Fact]
    public void Error_envelope_has_a_null_result()
    {
        var body = ResponseShaper.Render("error", "bad thing", "1", null, ShapeOptions.Default);

        Assert.Equal("""{"status":"error","message":"bad thing","version":"1","result":null}""", body);
    }

    [Fact]
    public void Pretty_indents()
    {
        var body = ResponseShaper.Render("success", null, "1", new JsonObject { ["a"] = 1 }, ShapeOptions.Parse("true", null, null));

        Assert.Contains("\n", body, StringComparison.Ordinal);
        Assert.Equal(JsonNode.Parse("""{"status":"success","message":null,"version":"1","result":{"a":1}}""")!.ToJsonString(),
            JsonNode.Parse(body)!.ToJsonString());
    }

    [Fact]
    public void Naked_returns_only_the_result()
    {
        var body = ResponseShaper.Render("success", null, "1", Job(), ShapeOptions.Parse(null, "TRUE", "id,name"));

        Assert.Equal("""{"id":"a","name":"n"}""", body);
    }

    [Fact]
    public void Naked_keeps_the_envelope_of_an_error_so_the_message_is_seen()
    {
        var body = ResponseShaper.Render("error", "nope", "1", null, ShapeOptions.Parse(null, "true", "id"));

        Assert.Equal("""{"status":"error","message":"nope","version":"1","result":null}""", body);
    }

    [Fact]
    public void Naked_null_result_is_json_null()
    {
        Assert.Equal("null", ResponseShaper.Render("success", null, "1", null, ShapeOptions.Parse(null, "true", null)));
    }

    [Fact]
    public void Filter_keeps_named_fields_in_source_order_case_insensitively()
    {
        var filtered = ResponseShaper.Filter(Job(), ["STATUS", "id", "missing"]);

        Assert.Equal("""{"id":"a","status":"RUNNING"}""", filtered!.ToJsonString());
    }

    [Fact]
    public void Filter_follows_dotted_paths_into_objects()
    {
        var filtered = ResponseShaper.Filter(Job(), ["id", "_links.self"]);

        Assert.Equal("""{"id":"a","_links":{"self":{"href":"s"}}}""", filtered!.ToJsonString());
    }

    [Fact]
    public void Filter_applies_to_each_item_of_an_array_result_and_of_nested_arrays()
    {
        var list = new JsonArray(Job(), Job());

        var filtered = ResponseShaper.Filter(list, ["name", "notes.v"]);

        Assert.Equal("""[{"name":"n","notes":[{"v":2},{"v":4}]},{"name":"n","notes":[{"v":2},{"v":4}]}]""",
            filtered!.ToJsonString());
    }

    [Fact]
    public void Filter_with_whole_and_partial_path_keeps_the_whole()
    {
        var filtered = ResponseShaper.Filter(Job(), ["_links.app", "_links"]);

        Assert.Equal("""{"_links":{"self":{"href":"s"},"app":{"href":"p"}}}""", filtered!.ToJsonString());
    }

    [Fact]
    public void Filter_star_keeps_everything_and_scalars_pass_through()
    {
        Assert.Equal(Job().ToJsonString(), ResponseShaper.Filter(Job(), ["*"])!.ToJsonString());
        Assert.Equal("3", ResponseShaper.Filter(JsonValue.Create(3), ["id"])!.ToJsonString());
    }

    [Fact]
    public void Filter_applies_before_naked_and_not_to_errors()
    {
        var options = ShapeOptions.Parse(null, null, " id , _links.self ");
        Assert.Equal(["id", "_links.self"], options.Filter);

        var body = ResponseShaper.Render("success", null, "1", Job(), options);
        Assert.Equal("""{"status":"success","message":null,"version":"1","result":{"id":"a","_links":{"self":{"href":"s"}}}}""", body);
    }

    [Fact]
    public void Rendering_does_not_change_the_given_result()
    {
        var job = Job();
        var before = job.ToJsonString();

        ResponseShaper.Render("success", null, "1", job, ShapeOptions.Parse(null, "true", "id"));

        Assert.Equal(before, job.ToJsonString());
    }
}
