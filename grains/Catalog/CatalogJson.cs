using System.Text.Json;
using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>The one set of JSON options for app and system definitions (Agave's camelCase shapes).</summary>
public static class CatalogJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
