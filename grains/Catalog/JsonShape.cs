using System.Text.Json;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The expected JSON shape of a definition body: which fields an object may have and the exact JSON type of each
/// value, with no coercion ("2" is not a number). <see cref="Check"/> collects every mismatch with its path.
/// </summary>
internal abstract class JsonShape
{
    public static JsonShape String { get; } = new ScalarShape("a string", value => value.ValueKind == JsonValueKind.String);

    public static JsonShape Integer { get; } = new ScalarShape("an integer", value => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _));

    public static JsonShape Number { get; } = new ScalarShape("a number", value => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number));

    public static JsonShape Boolean { get; } = new ScalarShape("a boolean", value => value.ValueKind is JsonValueKind.True or JsonValueKind.False);

    /// <summary>Any value except null; rules that depend on other fields check it later.</summary>
    public static JsonShape Any { get; } = new ScalarShape("a value", value => value.ValueKind != JsonValueKind.Null);

    public abstract string Expected { get; }

    public abstract void Check(JsonElement value, string path, List<CatalogError> errors);

    public static JsonShape OneOf(params string[] allowed) => new EnumShape(allowed);

    public static JsonShape ArrayOf(JsonShape item) => new ArrayShape(item);

    public static JsonShape MapOf(JsonShape value) => new MapShape(value);

    public static JsonShape Either(JsonShape first, JsonShape second) => new EitherShape(first, second);

    /// <summary>
    /// <paramref name="shape"/>, or null meaning "not given": Agave exports write null for every optional field they do
    /// not set, and such an export registers unchanged. The parser drops these nulls before reading the definition.
    /// </summary>
    public static JsonShape OrNull(JsonShape shape) => new OrNullShape(shape);

    /// <summary>
    /// An Agave field Aloe has no use for: null (as Agave exports write it) is accepted and dropped; any other value is
    /// refused with <paramref name="why"/>.
    /// </summary>
    public static JsonShape OnlyNull(string why) => new ScalarShape(why, value => value.ValueKind == JsonValueKind.Null);

    /// <summary>A string that is empty or blank (Agave's way of writing "none" for some fields).</summary>
    public static JsonShape BlankString(string expected) =>
        new ScalarShape(expected, value => value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()));

    /// <summary>An object of <paramref name="what"/>; fields in <paramref name="ignored"/> are accepted and dropped (read-only output fields).</summary>
    public static JsonShape Object(string what, IReadOnlyDictionary<string, JsonShape> fields, IReadOnlyList<string>? required = null, IReadOnlyList<string>? ignored = null) =>
        new ObjectShape(what, fields, required ?? [], ignored ?? []);

    protected static void WrongType(JsonElement value, string path, string expected, List<CatalogError> errors) =>
        errors.Add(CatalogError.For(path, $"must be {expected}, got {JsonValueDescription.Describe(value)}"
            + (value.ValueKind == JsonValueKind.Null ? "; omit the field instead of sending null" : "")));

    private sealed class ScalarShape(string expected, Func<JsonElement, bool> accepts) : JsonShape
    {
        public override string Expected => expected;

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (!accepts(value))
            {
                WrongType(value, path, expected, errors);
            }
        }
    }

    private sealed class OrNullShape(JsonShape shape) : JsonShape
    {
        public override string Expected => $"{shape.Expected} or null";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                shape.Check(value, path, errors);
            }
        }
    }

    private sealed class EnumShape(string[] allowed) : JsonShape
    {
        public override string Expected => $"one of {string.Join(", ", allowed)}";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                WrongType(value, path, $"a string, {Expected}", errors);
            }
            else if (!allowed.Contains(value.GetString(), StringComparer.Ordinal))
            {
                errors.Add(CatalogError.For(path, $"\"{JsonValueDescription.Shorten(value.GetString()!)}\" is not supported by Aloe; use {Expected}"));
            }
        }
    }

    private sealed class ArrayShape(JsonShape item) : JsonShape
    {
        public override string Expected => $"an array of {item.Expected}";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                WrongType(value, path, Expected, errors);
                return;
            }

            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                item.Check(element, $"{path}[{index++}]", errors);
            }
        }
    }

    private sealed class MapShape(JsonShape valueShape) : JsonShape
    {
        public override string Expected => $"an object whose values are {valueShape.Expected}";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                WrongType(value, path, Expected, errors);
                return;
            }

            foreach (var property in value.EnumerateObject())
            {
                valueShape.Check(property.Value, $"{path}.{property.Name}", errors);
            }
        }
    }

    private sealed class EitherShape(JsonShape first, JsonShape second) : JsonShape
    {
        public override string Expected => $"{first.Expected} or {second.Expected}";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            var firstErrors = new List<CatalogError>();
            first.Check(value, path, firstErrors);
            if (firstErrors.Count == 0)
            {
                return;
            }

            var secondErrors = new List<CatalogError>();
            second.Check(value, path, secondErrors);
            if (secondErrors.Count > 0)
            {
                WrongType(value, path, Expected, errors);
            }
        }
    }

    private sealed class ObjectShape(
        string what, IReadOnlyDictionary<string, JsonShape> fields, IReadOnlyList<string> required, IReadOnlyList<string> ignored) : JsonShape
    {
        public override string Expected => $"an object ({what})";

        public override void Check(JsonElement value, string path, List<CatalogError> errors)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                WrongType(value, path.Length == 0 ? "body" : path, Expected, errors);
                return;
            }

            var prefix = path.Length == 0 ? "" : path + ".";
            foreach (var property in value.EnumerateObject())
            {
                var field = prefix + property.Name;
                if (fields.TryGetValue(property.Name, out var shape))
                {
                    shape.Check(property.Value, field, errors);
                }
                else if (!ignored.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(CatalogError.For(JsonValueDescription.Shorten(field),
                        $"is not a field of {what}; allowed fields are {string.Join(", ", fields.Keys)}"));
                }
            }

            foreach (var name in required)
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add(CatalogError.For(prefix + name, $"is required ({fields[name].Expected})"));
                }
            }
        }
    }
}
