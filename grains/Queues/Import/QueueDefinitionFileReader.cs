using System.Globalization;
using System.Text.Json;
using AloeOrleans.GrainInterfaces.Queues;
using Json.Schema;

namespace AloeOrleans.Grains.Queues.Import;

/// <summary>
/// Reads one queue definitions file: JSON, valid against <c>JobQueueDefinitions.json</c> (shipped with the service,
/// docs/queues.md "Defining queues"). Every schema violation is reported with the queue it is in (its name, else its
/// index) and where. The rules across queues and files are <see cref="QueueImportPlanner"/>'s. Pure.
/// </summary>
public static class QueueDefinitionFileReader
{
    /// <summary>The largest file read: far above a thousand queues with long filters.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>The text of <c>JobQueueDefinitions.json</c> as shipped.</summary>
    public static string SchemaText { get; } = ReadSchemaText();

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText!));

    public static (IReadOnlyList<ImportedQueue> Queues, IReadOnlyList<QueueImportError> Errors) Read(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException exception)
        {
            return ([], [new QueueImportError(file, null,
                $"is not JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {FirstLine(exception.Message)}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!results.IsValid)
            {
                var errors = (results.Details ?? [])
                    .Where(detail => detail.Errors is { Count: > 0 })
                    .SelectMany(detail => detail.Errors!.Select(error => Violation(file, root, detail.InstanceLocation.ToString(), error.Value)))
                    .Distinct()
                    .ToList();
                return ([], errors.Count > 0 ? errors : [new QueueImportError(file, null, "does not conform to JobQueueDefinitions.json")]);
            }

            var queues = root.EnumerateArray().Select(item => new ImportedQueue(file, new QueueDefinition(
                item.GetProperty("name").GetString()!,
                item.GetProperty("tenantId").GetString()!,
                Integer(item.GetProperty("priority")),
                item.GetProperty("filter").GetString()!,
                Integer(item.GetProperty("numWorkers")),
                Integer(item.GetProperty("maxMessages"))))).ToList();
            return (queues, []);
        }
    }

    /// <summary>A schema error, placed: "queue X: /priority: must be at least 1" (or "item 3" when the name is unusable).</summary>
    private static QueueImportError Violation(string file, JsonElement root, string location, string message)
    {
        var segments = location.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !int.TryParse(segments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new QueueImportError(file, null, $"{(location.Length == 0 ? "the file" : location)}: {message}");
        }

        var item = root[index];
        var queue = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
        var field = segments.Length > 1 ? string.Join('.', segments.Skip(1)) : null;
        if (field is not null && message.Contains("false schema", StringComparison.OrdinalIgnoreCase))
        {
            // additionalProperties: false, in words.
            message = "is not a field of a queue definition (the fields are name, tenantId, priority, filter, numWorkers, maxMessages)";
        }

        var rule = field is null ? message : $"{field}: {message}";
        return queue is null ? new QueueImportError(file, null, $"item {index + 1}: {rule}") : new QueueImportError(file, queue, rule);
    }

    /// <summary>An integer the schema accepted (it may be written 4.0).</summary>
    private static int Integer(JsonElement element) =>
        element.TryGetInt32(out var value) ? value : (int)element.GetDecimal();

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static string ReadSchemaText()
    {
        using var stream = typeof(QueueDefinitionFileReader).Assembly.GetManifestResourceStream("JobQueueDefinitions.json")
                           ?? throw new InvalidOperationException("JobQueueDefinitions.json is not embedded in AloeOrleans.Grains.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
