using System.Text.Json;

namespace AloeOrleans.Grains.Submission;

/// <summary>Describes a JSON value for an error message (<c>string "2"</c>, <c>number 2.5</c>), so users see what they sent.</summary>
internal static class JsonValueDescription
{
    private const int MaxShownCharacters = 40;

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => $"number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "boolean true",
        JsonValueKind.False => "boolean false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    public static string Shorten(string text) =>
        text.Length <= MaxShownCharacters ? text : string.Concat(text.AsSpan(0, MaxShownCharacters), "…");
}
