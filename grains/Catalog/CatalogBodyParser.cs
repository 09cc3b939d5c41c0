using System.Text.Json;
using System.Text.Json.Nodes;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The structural checks of a <c>/systems/v2</c> or <c>/apps/v2</c> body: known fields only (the Agave subset of
/// docs/api.md, "A system" and "An app"), exact JSON types with no coercion, the enumerated words. Every problem is
/// collected, so one 400 lists them all. The rules between fields come after, in
/// <see cref="SystemDefinitionValidator"/> and <see cref="AppDefinitionValidator"/>.
/// </summary>
public static class CatalogBodyParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    /// <summary>Output-only fields a client may send back unchanged (GET, edit, POST); they are ignored.</summary>
    private static readonly string[] SystemOutputFields = ["_links", "operatorDefined"];
    private static readonly string[] AppOutputFields = ["_links", "uuid"];

    private static readonly JsonShape Auth = JsonShape.Object("an auth block", new Dictionary<string, JsonShape>
    {
        ["username"] = JsonShape.String,
        ["type"] = JsonShape.String,
        ["privateKey"] = JsonShape.String,
        ["password"] = JsonShape.String,
    });

    private static readonly JsonShape Login = JsonShape.Object("a system's login", new Dictionary<string, JsonShape>
    {
        ["protocol"] = JsonShape.String,
        ["host"] = JsonShape.String,
        ["port"] = JsonShape.Integer,
        ["auth"] = Auth,
        ["hostKeyFingerprint"] = JsonShape.String,
    }, required: ["protocol"]);

    private static readonly JsonShape Storage = JsonShape.Object("a system's storage", new Dictionary<string, JsonShape>
    {
        ["protocol"] = JsonShape.String,
        ["host"] = JsonShape.String,
        ["port"] = JsonShape.Integer,
        ["rootDir"] = JsonShape.String,
        ["homeDir"] = JsonShape.String,
        ["auth"] = Auth,
        ["hostKeyFingerprint"] = JsonShape.String,
    }, required: ["protocol"]);

    private static readonly JsonShape Queue = JsonShape.Object("a queue", new Dictionary<string, JsonShape>
    {
        ["name"] = JsonShape.String,
        ["default"] = JsonShape.Boolean,
        ["maxJobs"] = JsonShape.Integer,
        ["maxUserJobs"] = JsonShape.Integer,
        ["maxNodes"] = JsonShape.Integer,
        ["maxProcessorsPerNode"] = JsonShape.Integer,
        ["maxMemoryPerNode"] = JsonShape.Number,
        ["maxRequestedTime"] = JsonShape.String,
    }, required: ["name"]);

    private static readonly JsonShape System = JsonShape.Object("a system", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["name"] = JsonShape.String,
        ["type"] = JsonShape.OneOf(nameof(SystemType.EXECUTION), nameof(SystemType.STORAGE)),
        ["executionType"] = JsonShape.OneOf("HPC", "CLI"),
        ["scheduler"] = JsonShape.OneOf(nameof(SchedulerKind.FORK), nameof(SchedulerKind.SLURM)),
        ["default"] = JsonShape.Boolean,
        ["login"] = Login,
        ["storage"] = Storage,
        ["workDir"] = JsonShape.String,
        ["sharedPaths"] = JsonShape.ArrayOf(JsonShape.String),
        ["scratchDir"] = JsonShape.String,
        ["environment"] = JsonShape.MapOf(JsonShape.String),
        ["queues"] = JsonShape.ArrayOf(Queue),
        ["maxSystemJobs"] = JsonShape.Integer,
        ["maxSystemJobsPerUser"] = JsonShape.Integer,
    }, required: ["type", "storage"], ignored: SystemOutputFields);

    private static readonly JsonShape Input = JsonShape.Object("an app input", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["value"] = JsonShape.Object("an input's value", new Dictionary<string, JsonShape>
        {
            ["default"] = JsonShape.Either(JsonShape.String, JsonShape.ArrayOf(JsonShape.String)),
            ["required"] = JsonShape.Boolean,
            ["visible"] = JsonShape.Boolean,
            ["validator"] = JsonShape.String,
        }),
        ["semantics"] = JsonShape.Object("an input's semantics", new Dictionary<string, JsonShape>
        {
            ["minCardinality"] = JsonShape.Integer,
            ["maxCardinality"] = JsonShape.Integer,
        }),
    }, required: ["id"]);

    private static readonly JsonShape EnumValue = JsonShape.Either(
        JsonShape.String,
        JsonShape.MapOf(JsonShape.String));

    private static readonly JsonShape Parameter = JsonShape.Object("an app parameter", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["value"] = JsonShape.Object("a parameter's value", new Dictionary<string, JsonShape>
        {
            ["type"] = JsonShape.OneOf(Enum.GetNames<AppParameterType>()),
            ["default"] = JsonShape.Any,
            ["required"] = JsonShape.Boolean,
            ["visible"] = JsonShape.Boolean,
            ["validator"] = JsonShape.String,
            ["enumValues"] = JsonShape.ArrayOf(EnumValue),
        }),
    }, required: ["id"]);

    private static readonly JsonShape App = JsonShape.Object("an app", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["name"] = JsonShape.String,
        ["version"] = JsonShape.String,
        ["executionSystem"] = JsonShape.String,
        ["deploymentSystem"] = JsonShape.String,
        ["deploymentPath"] = JsonShape.String,
        ["templatePath"] = JsonShape.String,
        ["parallelism"] = JsonShape.OneOf(Enum.GetNames<AppParallelism>()),
        ["defaultQueue"] = JsonShape.String,
        ["defaultNodeCount"] = JsonShape.Integer,
        ["defaultProcessorsPerNode"] = JsonShape.Integer,
        ["defaultMemoryPerNode"] = JsonShape.String,
        ["defaultMaxRunTime"] = JsonShape.String,
        ["archiveOnAppError"] = JsonShape.Boolean,
        ["inputs"] = JsonShape.ArrayOf(Input),
        ["parameters"] = JsonShape.ArrayOf(Parameter),
    }, required: ["name", "version", "executionSystem", "templatePath"], ignored: AppOutputFields);

    /// <summary>
    /// A system from <paramref name="utf8Json"/>. <paramref name="routeId"/> is the id in the URL of an update: the
    /// body may omit its id then, and must not name another.
    /// </summary>
    public static CatalogParseResult<SystemDefinition> ParseSystem(ReadOnlySpan<byte> utf8Json, string? routeId = null) =>
        Parse<SystemDefinition>(utf8Json, System, routeId, requireId: true);

    /// <summary>An app from <paramref name="utf8Json"/>; without an id (and no <paramref name="routeId"/>) its id is <c>name-version</c>.</summary>
    public static CatalogParseResult<AppDefinition> ParseApp(ReadOnlySpan<byte> utf8Json, string? routeId = null) =>
        Parse<AppDefinition>(utf8Json, App, routeId, requireId: false);

    private static CatalogParseResult<T> Parse<T>(ReadOnlySpan<byte> utf8Json, JsonShape shape, string? routeId, bool requireId)
        where T : class
    {
        var errors = new List<CatalogError>();
        var bytes = utf8Json.ToArray();
        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            shape.Check(document.RootElement, "", errors);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line
                ? $" at line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1} of that line"
                : "";
            var duplicate = exception.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
                ? " (a field appears more than once; give each field once)"
                : "";
            return Failure<T>(CatalogError.For("body", $"is not valid JSON{where}{duplicate}; send one JSON object"));
        }

        if (errors.Count > 0)
        {
            return new CatalogParseResult<T>(null, errors);
        }

        var node = JsonNode.Parse(bytes)!.AsObject();
        var bodyId = node["id"]?.GetValue<string>();
        if (routeId is not null && bodyId is not null && !string.Equals(bodyId, routeId, StringComparison.Ordinal))
        {
            return Failure<T>(CatalogError.For("id", $"is \"{bodyId}\" but the URL names \"{routeId}\"; send the same id, or omit it"));
        }

        if (bodyId is null && routeId is not null)
        {
            node["id"] = routeId;
        }
        else if (bodyId is null && requireId)
        {
            return Failure<T>(CatalogError.For("id", "is required (a string of letters, digits, '.', '_' and '-', at most 64 characters)"));
        }
        else if (bodyId is null)
        {
            node["id"] = $"{node["name"]!.GetValue<string>()}-{node["version"]!.GetValue<string>()}";
        }

        NormalizeEnumValues(node, errors);
        if (errors.Count > 0)
        {
            return new CatalogParseResult<T>(null, errors);
        }

        return new CatalogParseResult<T>(node.Deserialize<T>(CatalogJson.Options), []);
    }

    /// <summary>Agave's one-key form <c>{"value":"label"}</c> of an enumeration value becomes the plain value.</summary>
    private static void NormalizeEnumValues(JsonObject app, List<CatalogError> errors)
    {
        if (app["parameters"] is not JsonArray parameters)
        {
            return;
        }

        for (var p = 0; p < parameters.Count; p++)
        {
            if (parameters[p]?["value"]?["enumValues"] is JsonArray values)
            {
                for (var i = 0; i < values.Count; i++)
                {
                    if (values[i] is JsonObject { Count: 1 } labelled)
                    {
                        values[i] = labelled.First().Key;
                    }
                    else if (values[i] is JsonObject)
                    {
                        errors.Add(CatalogError.For($"parameters[{p}].value.enumValues[{i}]",
                            "must be a string or an object with exactly one key (the value) whose value is its label"));
                    }
                }
            }
        }
    }

    private static CatalogParseResult<T> Failure<T>(CatalogError error)
        where T : class => new(null, [error]);
}
