using System.Text.Json.Nodes;
using AloeOrleans.Grains.Catalog;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>Every rule of an app body (parser and validator) against a tenant with an SSH Slurm system and a storage system.</summary>
public sealed class AppDefinitionValidatorTests
{
    private static readonly IReadOnlyDictionary<string, SystemDefinition> Systems = new Dictionary<string, SystemDefinition>
    {
        ["hpc"] = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(CatalogBodies.SshSlurmSystem("hpc"))).Value!,
        ["store"] = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(CatalogBodies.Storage("store"))).Value!,
    };

    private static readonly Dictionary<string, (Action<JsonObject> Break, string Expected)> Broken = new()
    {
        ["id not name-version"] = (a => a["id"] = "wc", "id: must be name-version, here \"wc-1.0\", got \"wc\""),
        ["name with a space"] = (a => { a["name"] = "w c"; a.Remove("id"); }, "name: must be 1 to 64 characters"),
        ["version not dotted numbers"] = (a => a["version"] = "v1", "version: must be numbers separated by dots"),
        ["name missing"] = (a => a.Remove("name"), "name: is required"),
        ["templatePath missing"] = (a => a.Remove("templatePath"), "templatePath: is required"),
        ["templatePath empty"] = (a => a["templatePath"] = " ", "templatePath: is required"),
        ["executionSystem missing"] = (a => a.Remove("executionSystem"), "executionSystem: is required"),
        ["executionSystem unknown"] = (a => a["executionSystem"] = "nowhere", "executionSystem: no system \"nowhere\" exists in your tenant"),
        ["executionSystem is STORAGE"] = (a => a["executionSystem"] = "store", "executionSystem: \"store\" is a STORAGE system; an app runs on an EXECUTION system"),
        ["deploymentSystem unknown"] = (a => a["deploymentSystem"] = "nowhere", "deploymentSystem: no system \"nowhere\" exists in your tenant"),
        ["defaultQueue unknown"] = (a => a["defaultQueue"] = "gpu", "defaultQueue: \"gpu\" is not a queue of hpc; its queues are \"normal\", \"debug\""),
        ["parallelism unknown"] = (a => a["parallelism"] = "PTHREAD", "parallelism: \"PTHREAD\" is not supported by Aloe; use one of SERIAL, PARALLEL"),
        ["defaultNodeCount zero"] = (a => a["defaultNodeCount"] = 0, "defaultNodeCount: must be 1 or more"),
        ["defaultProcessorsPerNode negative"] = (a => a["defaultProcessorsPerNode"] = -1, "defaultProcessorsPerNode: must be 1 or more"),
        ["defaultMemoryPerNode bad"] = (a => a["defaultMemoryPerNode"] = "lots", "defaultMemoryPerNode: "),
        ["defaultMemoryPerNode boolean"] = (a => a["defaultMemoryPerNode"] = true, "defaultMemoryPerNode: must be a string or a number, got boolean true"),
        ["defaultMaxRunTime bad"] = (a => a["defaultMaxRunTime"] = "10m", "defaultMaxRunTime: must be HH:mm:ss"),
        ["archiveOnAppError string"] = (a => a["archiveOnAppError"] = "false", "archiveOnAppError: must be a boolean, got string \"false\""),
        ["unknown app field"] = (a => a["colour"] = "blue", "colour: is not a field of an app"),
        ["label a number"] = (a => a["label"] = 5, "label: must be a string, got number 5"),
        ["tags a string"] = (a => a["tags"] = "demo", "tags: must be an array of a string, got string \"demo\""),
        ["tag a number"] = (a => a["tags"] = new JsonArray("demo", 3), "tags[1]: must be a string, got number 3"),
        ["available a string"] = (a => a["available"] = "yes", "available: must be a boolean, got string \"yes\""),
        ["app executionType CONDOR"] = (a => a["executionType"] = "CONDOR", "executionType: \"CONDOR\" is not supported by Aloe; use one of HPC, CLI"),
        ["input details label a number"] = (a => a["inputs"]![0]!["details"] = JsonNode.Parse("""{"label":1}"""), "inputs[0].details.label: must be a string, got number 1"),
        ["input semantics ontology a string"] = (a => a["inputs"]![0]!["semantics"]!["ontology"] = "x", "inputs[0].semantics.ontology: must be an array of a string"),
        ["output without id"] = (a => a["outputs"] = JsonNode.Parse("""[{"value":{"default":"out.txt"}}]"""), "outputs[0].id: is required"),
        ["unknown output field"] = (a => a["outputs"] = JsonNode.Parse("""[{"id":"o","colour":"x"}]"""), "outputs[0].colour: is not a field of an app output"),
        ["enum_values and enumValues both"] = (a => a["parameters"]![0]!["value"]!["enum_values"] = new JsonArray("lines"), "parameters[0].value.enum_values: is Agave's spelling of enumValues; give one of them, not both"),
        ["null name"] = (a => a["name"] = null, "name: must be a string, got null"),
        ["input id bad"] = (a => a["inputs"]![0]!["id"] = "1st", "inputs[0].id: must start with a letter or '_'"),
        ["input id repeats a parameter"] = (a => a["inputs"]![0]!["id"] = "mode", "parameters[0].id: \"mode\" is used by another input or parameter"),
        ["parameter ids repeat"] = (a => a["parameters"]![1]!["id"] = "mode", "parameters[1].id: \"mode\" is used by another input or parameter"),
        ["input validator does not compile"] = (a => a["inputs"]![0]!["value"]!["validator"] = "([a-z", "inputs[0].value.validator: is not a valid regular expression"),
        ["parameter validator does not compile"] = (a => a["parameters"]![1]!["value"]!["validator"] = "*x", "parameters[1].value.validator: is not a valid regular expression"),
        ["minCardinality above maxCardinality"] = (a => a["inputs"]![0]!["semantics"]!["minCardinality"] = 2, "inputs[0].semantics: minCardinality 2 is above maxCardinality 1"),
        ["maxCardinality zero"] = (a => a["inputs"]![0]!["semantics"]!["maxCardinality"] = 0, "inputs[0].semantics.maxCardinality: must be 1 or more, or -1 for no limit"),
        ["minCardinality negative"] = (a => a["inputs"]![0]!["semantics"]!["minCardinality"] = -1, "inputs[0].semantics.minCardinality: must be 0 or more"),
        ["input default a number"] = (a => a["inputs"]![0]!["value"]!["default"] = 1, "inputs[0].value.default: must be a string or an array of a string"),
        ["unknown parameter type"] = (a => a["parameters"]![1]!["value"]!["type"] = "integer", "parameters[1].value.type: \"integer\" is not supported by Aloe; use one of string, number, bool, flag, enumeration"),
        ["enumeration without enumValues"] = (a => a["parameters"]![0]!["value"]!.AsObject().Remove("enumValues"), "parameters[0].value.enumValues: is required for type enumeration"),
        ["enumeration default not listed"] = (a => a["parameters"]![0]!["value"]!["default"] = "bytes", "parameters[0].value.default: must be one of the enumValues (\"lines\", \"words\", \"chars\"), got string \"bytes\""),
        ["enumValues repeat"] = (a => a["parameters"]![0]!["value"]!["enumValues"] = new JsonArray("a", "a"), "parameters[0].value.enumValues: must not repeat a value"),
        ["enumValues on a number"] = (a => a["parameters"]![1]!["value"]!["enumValues"] = new JsonArray("1"), "parameters[1].value.enumValues: is only for type enumeration"),
        ["enumValues object with two keys"] = (a => a["parameters"]![0]!["value"]!["enumValues"] = JsonNode.Parse("""[{"a":"A","b":"B"}]"""), "parameters[0].value.enumValues[0]: must be a string or an object with exactly one key"),
        ["number default a string"] = (a => a["parameters"]![1]!["value"]!["default"] = "3", "parameters[1].value.default: must be a JSON number for type number, got string \"3\""),
        ["flag default a string"] = (a => a["parameters"]![2]!["value"]!["default"] = "false", "parameters[2].value.default: must be a JSON boolean (true or false) for type flag"),
        ["string default a number"] = (a => a["parameters"]![1]!["value"] = JsonNode.Parse("""{"type":"string","default":5}"""), "parameters[1].value.default: must be a JSON string for type string, got number 5"),
        ["parameter id missing"] = (a => a["parameters"]![1]!.AsObject().Remove("id"), "parameters[1].id: is required"),
    };

    public static TheoryData<string> BrokenCases() => [.. Broken.Keys];

    [Fact]
    public void The_sample_app_is_valid_and_gets_its_id_from_name_and_version()
    {
        var (app, errors) = Check(CatalogBodies.App());

        Assert.Empty(errors);
        Assert.Equal("wc-1.0", app!.Id);
        Assert.Equal(["lines", "words", "chars"], app.Parameters[0].Value.EnumValues);
        Assert.False(app.ArchiveOnAppError);
    }

    [Theory]
    [InlineData("""{"type":"string","default":"x","validator":"[a-z]+"}""")]
    [InlineData("""{"type":"number","default":2.5}""")]
    [InlineData("""{"type":"bool","default":true}""")]
    [InlineData("""{"type":"flag"}""")]
    [InlineData("""{"type":"enumeration","enumValues":["a","b"],"default":"b"}""")]
    public void Each_parameter_type_with_a_matching_default_is_valid(string value)
    {
        var body = CatalogBodies.App();
        body["parameters"]![1]!["value"] = JsonNode.Parse(value);

        Assert.Empty(Check(body).Errors);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(2, 5)]
    [InlineData(3, 3)]
    public void Cardinality_within_bounds_is_valid(int min, int max)
    {
        var body = CatalogBodies.App();
        body["inputs"]![0]!["semantics"] = new JsonObject { ["minCardinality"] = min, ["maxCardinality"] = max };
        body["inputs"]![0]!["value"]!["default"] = new JsonArray("a.txt", "b.txt");

        Assert.Empty(Check(body).Errors);
    }

    [Fact]
    public void An_explicit_matching_id_and_output_fields_are_accepted()
    {
        var body = CatalogBodies.App();
        body["id"] = "wc-1.0";
        body["uuid"] = Guid.NewGuid().ToString();
        body["_links"] = new JsonObject();

        Assert.Empty(Check(body).Errors);
    }

    [Fact]
    public void The_deployment_system_defaults_to_the_execution_system()
    {
        var body = CatalogBodies.App();
        body.Remove("deploymentSystem");

        Assert.Empty(Check(body).Errors);
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void Each_broken_rule_is_reported_with_its_field(string name)
    {
        var body = CatalogBodies.App();
        var (breakIt, expected) = Broken[name];
        breakIt(body);

        var errors = Check(body).Errors;

        Assert.Contains(errors, error => error.Message.Contains(expected, StringComparison.Ordinal));
    }

    private static (AppDefinition? App, IReadOnlyList<CatalogError> Errors) Check(JsonObject body)
    {
        var parsed = CatalogBodyParser.ParseApp(CatalogBodies.Bytes(body));
        return parsed.IsValid ? (parsed.Value, AppDefinitionValidator.Validate(parsed.Value!, Systems)) : (null, parsed.Errors);
    }
}
