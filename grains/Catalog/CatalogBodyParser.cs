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

    /// <summary>
    /// Output-only fields a client may send back unchanged (a GET, edited, POSTed again; or an Agave export): they are
    /// ignored. Agave's <c>owner</c>, <c>revision</c> and <c>globalDefault</c> mean nothing in a tenant's catalog.
    /// </summary>
    private static readonly string[] SystemOutputFields = ["_links", "operatorDefined", "uuid", "owner", "revision", "lastModified", "globalDefault"];
    private static readonly string[] AppOutputFields = ["_links", "uuid", "owner", "revision", "lastModified"];

    private static readonly JsonShape OptionalString = JsonShape.OrNull(JsonShape.String);
    private static readonly JsonShape OptionalInteger = JsonShape.OrNull(JsonShape.Integer);
    private static readonly JsonShape OptionalBoolean = JsonShape.OrNull(JsonShape.Boolean);
    private static readonly JsonShape OptionalStrings = JsonShape.OrNull(JsonShape.ArrayOf(JsonShape.String));

    /// <summary>Agave's proxy server of a login or storage block: exports write null, which is accepted.</summary>
    private static readonly JsonShape NoProxy = JsonShape.OnlyNull(
        "null (Aloe connects to the host directly and does not tunnel through Agave's proxy servers; omit the field)");

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
        ["proxy"] = NoProxy,
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
        ["proxy"] = NoProxy,
        ["mirror"] = OptionalBoolean,
        ["publicAppsDir"] = OptionalString,
        ["zone"] = OptionalString,
        ["resource"] = OptionalString,
        ["container"] = JsonShape.OnlyNull("null (a container belongs to cloud storage protocols Aloe does not support; omit the field)"),
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
        ["description"] = OptionalString,
        ["customDirectives"] = OptionalString,
        ["mappedName"] = JsonShape.OnlyNull(
            "null (Aloe submits to the scheduler queue called name; give the scheduler's name as name and omit mappedName)"),
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
        ["scratchDir"] = OptionalString,
        ["environment"] = JsonShape.OrNull(JsonShape.Either(
            JsonShape.MapOf(JsonShape.String),
            JsonShape.BlankString("an empty string (Agave's form of no environment; variables are given as an object of NAME: value)"))),
        ["queues"] = JsonShape.ArrayOf(Queue),
        ["maxSystemJobs"] = JsonShape.Integer,
        ["maxSystemJobsPerUser"] = JsonShape.Integer,
        ["description"] = OptionalString,
        ["site"] = OptionalString,
        ["status"] = JsonShape.OrNull(JsonShape.OneOf("UP", "DOWN", "MAINTENANCE", "UNKNOWN")),
        ["available"] = OptionalBoolean,
        ["public"] = OptionalBoolean,
        ["startupScript"] = OptionalString,
    }, required: ["type", "storage"], ignored: SystemOutputFields);

    private static readonly JsonShape Details = JsonShape.OrNull(JsonShape.Object("an input's, parameter's or output's details", new Dictionary<string, JsonShape>
    {
        ["label"] = OptionalString,
        ["description"] = OptionalString,
        ["argument"] = OptionalString,
        ["showArgument"] = OptionalBoolean,
        ["repeatArgument"] = OptionalBoolean,
    }));

    private static readonly JsonShape InputDefault = JsonShape.OrNull(JsonShape.Either(JsonShape.String, JsonShape.ArrayOf(JsonShape.String)));

    private static readonly JsonShape Input = JsonShape.Object("an app input", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["value"] = JsonShape.Object("an input's value", new Dictionary<string, JsonShape>
        {
            ["default"] = InputDefault,
            ["required"] = JsonShape.Boolean,
            ["visible"] = JsonShape.Boolean,
            ["validator"] = OptionalString,
            ["order"] = OptionalInteger,
            ["enquote"] = OptionalBoolean,
        }),
        ["semantics"] = JsonShape.Object("an input's semantics", new Dictionary<string, JsonShape>
        {
            ["minCardinality"] = JsonShape.Integer,
            ["maxCardinality"] = JsonShape.Integer,
            ["ontology"] = OptionalStrings,
            ["fileTypes"] = OptionalStrings,
        }),
        ["details"] = Details,
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
            ["default"] = JsonShape.OrNull(JsonShape.Any),
            ["required"] = JsonShape.Boolean,
            ["visible"] = JsonShape.Boolean,
            ["validator"] = OptionalString,
            ["enumValues"] = JsonShape.ArrayOf(EnumValue),
            ["enum_values"] = JsonShape.ArrayOf(EnumValue),
            ["order"] = OptionalInteger,
            ["enquote"] = OptionalBoolean,
        }),
        ["details"] = Details,
        ["semantics"] = JsonShape.OrNull(JsonShape.Object("a parameter's semantics", new Dictionary<string, JsonShape>
        {
            ["minCardinality"] = OptionalInteger,
            ["maxCardinality"] = OptionalInteger,
            ["ontology"] = OptionalStrings,
        })),
    }, required: ["id"]);

    private static readonly JsonShape Output = JsonShape.Object("an app output", new Dictionary<string, JsonShape>
    {
        ["id"] = JsonShape.String,
        ["value"] = JsonShape.OrNull(JsonShape.Object("an output's value", new Dictionary<string, JsonShape>
        {
            ["default"] = InputDefault,
            ["validator"] = OptionalString,
            ["order"] = OptionalInteger,
        })),
        ["details"] = Details,
        ["semantics"] = JsonShape.OrNull(JsonShape.Object("an output's semantics", new Dictionary<string, JsonShape>
        {
            ["minCardinality"] = JsonShape.Integer,
            ["maxCardinality"] = JsonShape.Integer,
            ["ontology"] = OptionalStrings,
            ["fileTypes"] = OptionalStrings,
        })),
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
        ["defaultQueue"] = OptionalString,
        ["defaultNodeCount"] = OptionalInteger,
        ["defaultProcessorsPerNode"] = OptionalInteger,
        // Agave exports a number of GB; Aloe's own form is the [num][unit] string of a submission's memoryPerNode.
        ["defaultMemoryPerNode"] = JsonShape.OrNull(JsonShape.Either(JsonShape.String, JsonShape.Number)),
        ["defaultMaxRunTime"] = OptionalString,
        ["archiveOnAppError"] = JsonShape.Boolean,
        ["inputs"] = JsonShape.ArrayOf(Input),
        ["parameters"] = JsonShape.ArrayOf(Parameter),
        ["outputs"] = JsonShape.OrNull(JsonShape.ArrayOf(Output)),
        ["label"] = OptionalString,
        ["shortDescription"] = OptionalString,
        ["longDescription"] = OptionalString,
        ["helpURI"] = OptionalString,
        ["icon"] = OptionalString,
        ["tags"] = OptionalStrings,
        ["ontology"] = OptionalStrings,
        ["modules"] = OptionalStrings,
        ["executionType"] = JsonShape.OrNull(JsonShape.OneOf("HPC", "CLI")),
        ["testPath"] = OptionalString,
        ["checkpointable"] = OptionalBoolean,
        ["available"] = OptionalBoolean,
        ["isPublic"] = OptionalBoolean,
    }, required: ["name", "version", "executionSystem", "templatePath"], ignored: AppOutputFields);

    /// <summary>
    /// A system from <paramref name="utf8Json"/>. <paramref name="routeId"/> is the id in the URL of an update: the
    /// body may omit its id then, and must not name another.
    /// </summary>
    public static CatalogParseResult<SystemDefinition> ParseSystem(ReadOnlySpan<byte> utf8Json, string? routeId = null) =>
        Parse<SystemDefinition>(utf8Json, System, SystemOutputFields, routeId, requireId: true);

    /// <summary>An app from <paramref name="utf8Json"/>; without an id (and no <paramref name="routeId"/>) its id is <c>name-version</c>.</summary>
    public static CatalogParseResult<AppDefinition> ParseApp(ReadOnlySpan<byte> utf8Json, string? routeId = null) =>
        Parse<AppDefinition>(utf8Json, App, AppOutputFields, routeId, requireId: false);

    private static CatalogParseResult<T> Parse<T>(ReadOnlySpan<byte> utf8Json, JsonShape shape, string[] outputFields, string? routeId, bool requireId)
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
        foreach (var field in outputFields)
        {
            node.Remove(field);
        }

        DropNulls(node);
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

        NormalizeAgaveForms(node, errors);
        NormalizeEnumValues(node, errors);
        if (errors.Count > 0)
        {
            return new CatalogParseResult<T>(null, errors);
        }

        return new CatalogParseResult<T>(node.Deserialize<T>(CatalogJson.Options), []);
    }

    /// <summary>Every null-valued property, at any depth: the shape check has let through only nulls that mean "not given".</summary>
    private static void DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var name in json.Where(property => property.Value is null).Select(property => property.Key).ToList())
                {
                    json.Remove(name);
                }

                foreach (var property in json)
                {
                    DropNulls(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DropNulls(item);
                }

                break;
        }
    }

    /// <summary>
    /// The forms of an Agave export turned into Aloe's: <c>defaultMemoryPerNode</c> as a number of GB becomes that number
    /// as text (the same GB), a blank <c>environment</c> string means none, and a parameter's <c>enum_values</c> is
    /// its <c>enumValues</c>.
    /// </summary>
    private static void NormalizeAgaveForms(JsonObject definition, List<CatalogError> errors)
    {
        if (definition["defaultMemoryPerNode"] is JsonValue memory && memory.GetValueKind() == JsonValueKind.Number)
        {
            definition["defaultMemoryPerNode"] = memory.ToJsonString();
        }

        if (definition["environment"] is JsonValue { } environment && environment.GetValueKind() == JsonValueKind.String)
        {
            definition.Remove("environment");
        }

        if (definition["parameters"] is JsonArray parameters)
        {
            for (var p = 0; p < parameters.Count; p++)
            {
                if (parameters[p]?["value"] is not JsonObject value || value["enum_values"] is not { } agaveSpelling)
                {
                    continue;
                }

                value.Remove("enum_values");
                if (value.ContainsKey("enumValues"))
                {
                    errors.Add(CatalogError.For($"parameters[{p}].value.enum_values", "is Agave's spelling of enumValues; give one of them, not both"));
                }
                else
                {
                    value["enumValues"] = agaveSpelling;
                }
            }
        }
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
