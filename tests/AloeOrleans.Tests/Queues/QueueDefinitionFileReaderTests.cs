using AloeOrleans.Grains.Queues.Import;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Queues;

/// <summary>Queue definitions files against the shipped JobQueueDefinitions.json (docs/queues.md, "Defining queues").</summary>
public sealed class QueueDefinitionFileReaderTests
{
    private const string Valid = """
        [
          { "name": "aloe.jobq.dev.submit.DefaultQueue", "tenantId": "dev", "priority": 1, "filter": "TRUE", "numWorkers": 100, "maxMessages": 10000 },
          { "name": "aloe.jobq.dev.submit.big", "tenantId": "dev", "priority": 30, "filter": "nodeCount > 1", "numWorkers": 4, "maxMessages": 500.0 }
        ]
        """;

    private static string One(string field, string json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "\"aloe.jobq.dev.submit.big\"", ["tenantId"] = "\"dev\"", ["priority"] = "30", ["filter"] = "\"TRUE\"",
            ["numWorkers"] = "4", ["maxMessages"] = "500",
        };
        if (json.Length == 0)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = json;
        }

        return "[{" + string.Join(", ", fields.Select(pair => $"\"{pair.Key}\": {pair.Value}")) + "}]";
    }

    [Fact]
    public void A_valid_file_gives_its_queues_with_the_file()
    {
        var (queues, errors) = QueueDefinitionFileReader.Read("q.json", Valid);

        Assert.Empty(errors);
        Assert.Equal(2, queues.Count);
        var big = queues[1];
        Assert.Equal("q.json", big.File);
        Assert.Equal(("aloe.jobq.dev.submit.big", "dev", 30, "nodeCount > 1", 4, 500),
            (big.Definition.Name, big.Definition.TenantId, big.Definition.Priority, big.Definition.Filter, big.Definition.NumWorkers, big.Definition.MaxMessages));
    }

    [Fact]
    public void The_example_file_of_the_docs_is_valid()
    {
        var path = Path.Combine(RepositoryRoot.Path(), "docs", "examples", "queues.json");

        var (queues, errors) = QueueDefinitionFileReader.Read(path, File.ReadAllText(path));

        Assert.Empty(errors);
        Assert.Equal(4, queues.Count);
        Assert.True(QueueImportPlanner.Plan(queues, [], new Dictionary<string, int>(), [], new()).IsValid);
    }

    [Fact]
    public void An_empty_array_is_valid() => Assert.Empty(QueueDefinitionFileReader.Read("q.json", "[]").Errors);

    [Theory]
    [InlineData("name", "", "item 1", "name")]
    [InlineData("name", "\"aloe.jobq.dev.submit.a.b\"", "aloe.jobq.dev.submit.a.b", "name")]
    [InlineData("name", "\"queue-big\"", "queue-big", "name")]
    [InlineData("name", "\"aloe.jobq.dev.submit.has space\"", "aloe.jobq.dev.submit.has space", "name")]
    [InlineData("tenantId", "\"\"", "aloe.jobq.dev.submit.big", "tenantId")]
    [InlineData("tenantId", "7", "aloe.jobq.dev.submit.big", "tenantId")]
    [InlineData("priority", "0", "aloe.jobq.dev.submit.big", "priority")]
    [InlineData("priority", "2.5", "aloe.jobq.dev.submit.big", "priority")]
    [InlineData("priority", "\"30\"", "aloe.jobq.dev.submit.big", "priority")]
    [InlineData("filter", "\"\"", "aloe.jobq.dev.submit.big", "filter")]
    [InlineData("filter", "\"   \"", "aloe.jobq.dev.submit.big", "filter")]
    [InlineData("filter", "", "aloe.jobq.dev.submit.big", "filter")]
    [InlineData("numWorkers", "0", "aloe.jobq.dev.submit.big", "numWorkers")]
    [InlineData("numWorkers", "10001", "aloe.jobq.dev.submit.big", "numWorkers")]
    [InlineData("maxMessages", "0", "aloe.jobq.dev.submit.big", "maxMessages")]
    [InlineData("maxMessages", "null", "aloe.jobq.dev.submit.big", "maxMessages")]
    [InlineData("color", "\"red\"", "aloe.jobq.dev.submit.big", "color")]
    public void A_schema_violation_names_the_file_the_queue_and_the_field(string field, string json, string queue, string named)
    {
        var (queues, errors) = QueueDefinitionFileReader.Read("q.json", One(field, json));

        Assert.Empty(queues);
        Assert.NotEmpty(errors);
        var text = string.Join("\n", errors);
        Assert.All(errors, error => Assert.Equal("q.json", error.File));
        Assert.Contains(queue, text, StringComparison.Ordinal);
        Assert.Contains(named, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_named_in_words()
    {
        var error = Assert.Single(QueueDefinitionFileReader.Read("q.json", One("color", "\"red\"")).Errors);
        Assert.Equal("color: is not a field of a queue definition (the fields are name, tenantId, priority, filter, numWorkers, maxMessages)", error.Rule);
    }

    [Fact]
    public void A_name_over_255_characters_is_refused()
    {
        var name = "aloe.jobq.dev.submit." + new string('q', 255 - 21 + 1);
        Assert.NotEmpty(QueueDefinitionFileReader.Read("q.json", One("name", $"\"{name}\"")).Errors);
        Assert.Empty(QueueDefinitionFileReader.Read("q.json", One("name", $"\"{name[..255]}\"")).Errors);
    }

    [Fact]
    public void A_filter_over_4096_characters_is_refused()
    {
        var filter = "owner IN (" + string.Join(", ", Enumerable.Repeat("'x'", 1100)) + ")";
        Assert.Contains(QueueDefinitionFileReader.Read("q.json", One("filter", $"\"{filter}\"")).Errors, error => error.Rule.StartsWith("filter:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"queues\"")]
    [InlineData("[1, 2]")]
    public void A_file_that_is_not_an_array_of_objects_is_refused(string text) =>
        Assert.NotEmpty(QueueDefinitionFileReader.Read("q.json", text).Errors);

    [Theory]
    [InlineData("[")]
    [InlineData("")]
    [InlineData("[{\"name\": }]")]
    public void A_file_that_is_not_json_says_where(string text)
    {
        var error = Assert.Single(QueueDefinitionFileReader.Read("q.json", text).Errors);
        Assert.Null(error.Queue);
        Assert.StartsWith("is not JSON (line ", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_ships_with_the_service_and_in_the_repository()
    {
        var path = Path.Combine(RepositoryRoot.Path(), "grains", "Queues", "Import", "JobQueueDefinitions.json");
        Assert.Equal(File.ReadAllText(path), QueueDefinitionFileReader.SchemaText);
    }
}
