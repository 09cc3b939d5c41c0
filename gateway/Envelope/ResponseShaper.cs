using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// Builds the legacy envelope and applies <see cref="ShapeOptions"/> to it. Pure: no HTTP, so every rule is unit-tested.
/// Filtering and nakedness apply to successes only; an error always keeps its envelope so that the client still sees
/// the message saying what went wrong.
/// </summary>
public static class ResponseShaper
{
    public const string Success = "success";
    public const string Error = "error";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The response body as JSON text.</summary>
    public static string Render(string status, string? message, string version, JsonNode? result, ShapeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var isSuccess = status == Success;
        var shaped = isSuccess && options.Filter.Count > 0 ? Filter(result, options.Filter) : result?.DeepClone();

        JsonNode? body = isSuccess && options.Naked
            ? shaped
            : new JsonObject
            {
                ["status"] = status,
                ["message"] = message,
                ["version"] = version,
                ["result"] = isSuccess ? shaped : null,
            };

        return body is null ? "null" : body.ToJsonString(options.Pretty ? Indented : Compact);
    }

    /// <summary>
    /// Keeps only the named properties of an object, or of each object in an array. A name may be a dotted path
    /// (<c>_links.self</c>) that keeps part of a nested object (or of each object of a nested array). Names match
    /// case-insensitively; <c>*</c> keeps everything. Non-object values are returned unchanged.
    /// </summary>
    public static JsonNode? Filter(JsonNode? node, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0 || fields.Contains("*"))
        {
            return node?.DeepClone();
        }

        return Apply(node, BuildTree(fields));
    }

    private static JsonNode? Apply(JsonNode? node, FieldTree tree) => node switch
    {
        JsonArray array => new JsonArray(array.Select(item => Apply(item, tree)).ToArray()),
        JsonObject obj => FilterObject(obj, tree),
        _ => node?.DeepClone(),
    };

    private static JsonObject FilterObject(JsonObject obj, FieldTree tree)
    {
        var kept = new JsonObject();
        // Source order, not filter order: the shape of an object stays the one documented for it.
        foreach (var (name, value) in obj)
        {
            if (!tree.Children.TryGetValue(name, out var sub))
            {
                continue;
            }

            kept[name] = sub.KeepsAll ? value?.DeepClone() : Apply(value, sub);
        }

        return kept;
    }

    private static FieldTree BuildTree(IReadOnlyList<string> fields)
    {
        var root = new FieldTree();
        foreach (var field in fields)
        {
            var node = root;
            var parts = field.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                if (!node.Children.TryGetValue(parts[i], out var child))
                {
                    child = new FieldTree();
                    node.Children[parts[i]] = child;
                }

                if (i == parts.Length - 1)
                {
                    child.KeepsAll = true;
                }

                node = child;
            }
        }

        return root;
    }

    /// <summary>One level of the requested paths; a leaf (<see cref="KeepsAll"/>) keeps its whole value.</summary>
    private sealed class FieldTree
    {
        public Dictionary<string, FieldTree> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool KeepsAll { get; set; }
    }
}
