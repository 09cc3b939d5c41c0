using System.Text.Json;

namespace AloeOrleans.Grains.Staging;

/// <summary>A job's inputs in their stored form (a JSON object of input id → array of strings, or one string), read in order.</summary>
public static class StoredInputs
{
    public static IReadOnlyList<(string InputId, IReadOnlyList<string> Values)> Read(string inputsJson)
    {
        using var document = JsonDocument.Parse(inputsJson);
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var values = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select(value => value.GetString() ?? "").ToList()
                : [property.Value.GetString() ?? ""];
            result.Add((property.Name, values));
        }

        return result;
    }
}
