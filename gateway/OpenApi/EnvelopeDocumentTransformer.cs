using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AloeOrleans.Gateway.OpenApi;

/// <summary>
/// Completes the generated document (docs/api.md, "The OpenAPI document"): the handlers answer an envelope they build
/// themselves, so the generator sees no response or body types. Every operation gets the envelope as its answer and as
/// its error answers, the submission routes the job request as their body, and the document the bearer JWT scheme.
/// </summary>
internal sealed class EnvelopeDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string EnvelopeSchema = "Envelope";
    private const string ErrorSchema = "ErrorEnvelope";
    private const string JobRequestSchema = "JobRequest";
    private const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "AloeOrleans jobs service";
        document.Info.Description = "The legacy Agave /jobs/v2 API with the Aloe additions, and the /apps/v2 and /systems/v2 catalog.";
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[EnvelopeSchema] = Envelope(new OpenApiSchema { Description = "The answer: an object, or an array of objects for a list." });
        document.Components.Schemas[ErrorSchema] = Envelope(new OpenApiSchema { Type = JsonSchemaType.Null });
        document.Components.Schemas[JobRequestSchema] = JobRequest();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT of the tenant (docs/security.md); /health and this document need none.",
        };

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                Complete(document, path, method, operation);
            }
        }

        return Task.CompletedTask;
    }

    private static void Complete(OpenApiDocument document, string path, HttpMethod method, OpenApiOperation operation)
    {
        operation.Tags ??= new HashSet<OpenApiTagReference>();
        var tag = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "service";
        operation.Tags.Add(new OpenApiTagReference(tag, document));

        var success = method == HttpMethod.Post && (path is "/jobs/v2" || path.EndsWith("/resubmit", StringComparison.Ordinal)) ? "201" : "200";
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Remove("200");
        operation.Responses[success] = Answer("The envelope with status \"success\" and the result.", EnvelopeSchema, document);
        foreach (var (code, meaning) in ErrorAnswers(path))
        {
            operation.Responses[code] = Answer(meaning, ErrorSchema, document);
        }

        if (!path.StartsWith("/health", StringComparison.Ordinal))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        if (method == HttpMethod.Post && path == "/jobs/v2")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The job request (docs/api.md, \"Submitting a job\").",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(JobRequestSchema, document) },
                },
            };
        }
    }

    private static IEnumerable<(string Code, string Meaning)> ErrorAnswers(string path)
    {
        if (path.StartsWith("/health", StringComparison.Ordinal))
        {
            yield return ("503", "Not ready: the database or the cluster does not answer.");
            yield break;
        }

        yield return ("400", "Bad input: the message names the field and the rule.");
        yield return ("401", "No valid token.");
        yield return ("404", "Nothing visible to the caller there.");
        yield return ("503", "A dependency (database, cluster, system) does not answer; retry.");
    }

    private static OpenApiResponse Answer(string description, string schema, OpenApiDocument document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };

    /// <summary>Every answer's wrapper (docs/api.md, "The envelope").</summary>
    private static OpenApiSchema Envelope(OpenApiSchema result) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "message", "version", "result" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["success", "error"] },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["version"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["result"] = result,
        },
    };

    /// <summary>The body of <c>POST /jobs/v2</c>: Agave's job request (docs/api.md, "Body").</summary>
    private static OpenApiSchema JobRequest()
    {
        static OpenApiSchema Of(JsonSchemaType type, string description) => new() { Type = type, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "name", "appId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = Of(JsonSchemaType.String, "1–64 characters."),
                ["appId"] = Of(JsonSchemaType.String, "A registered app, <name>-<version>."),
                ["archive"] = Of(JsonSchemaType.Boolean, "Whether outputs are archived."),
                ["archiveSystem"] = Of(JsonSchemaType.String, "A storage system; default the tenant's."),
                ["archivePath"] = Of(JsonSchemaType.String, "Required when archive is true; \"\" for the default."),
                ["inputs"] = Of(JsonSchemaType.Object, "Input id → URL, path or array of them."),
                ["parameters"] = Of(JsonSchemaType.Object, "Parameter id → value."),
                ["nodeCount"] = Of(JsonSchemaType.Integer, "Nodes."),
                ["processorsPerNode"] = Of(JsonSchemaType.Integer, "Processors per node."),
                ["memoryPerNode"] = Of(JsonSchemaType.String | JsonSchemaType.Number, "GB, or a size such as \"4GB\"."),
                ["maxRunTime"] = Of(JsonSchemaType.String, "HH:MM:SS."),
                ["batchQueue"] = Of(JsonSchemaType.String, "The system's queue."),
                ["notifications"] = Of(JsonSchemaType.Array, "Webhook or e-mail notifications."),
            },
        };
    }
}
