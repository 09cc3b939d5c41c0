namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// The output-shaping query parameters every legacy route honours: <c>pretty=true</c>, <c>naked=true</c> and
/// <c>filter=a,b.c</c>.
/// </summary>
public sealed record ShapeOptions(bool Pretty, bool Naked, IReadOnlyList<string> Filter)
{
    public static ShapeOptions Default { get; } = new(false, false, []);

    /// <summary>Reads the raw query values; anything but <c>true</c> (any case) is false, as in Agave.</summary>
    public static ShapeOptions Parse(string? pretty, string? naked, string? filter) => new(
        IsTrue(pretty),
        IsTrue(naked),
        string.IsNullOrWhiteSpace(filter)
            ? []
            : filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
