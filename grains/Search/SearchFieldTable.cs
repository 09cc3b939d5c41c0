using System.Collections.Frozen;

namespace AloeOrleans.Grains.Search;

/// <summary>
/// The whitelist of one search: every accepted name (case-insensitive), aliases included, and the field each names.
/// A name not in it is refused, never ignored.
/// </summary>
public sealed class SearchFieldTable
{
    private readonly FrozenDictionary<string, SearchField> byName;

    /// <param name="what">What is searched, for messages ("apps").</param>
    /// <param name="fields">The fields; each is found under its <see cref="SearchField.Name"/>.</param>
    /// <param name="aliases">Other names of fields: alias → the field's name.</param>
    public SearchFieldTable(string what, IEnumerable<SearchField> fields, IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        What = what;
        var names = new Dictionary<string, SearchField>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            names.Add(field.Name, field);
        }

        foreach (var (alias, name) in aliases ?? new Dictionary<string, string>())
        {
            names.Add(alias, names[name]);
        }

        byName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Names = [.. names.Keys.Order(StringComparer.OrdinalIgnoreCase)];
    }

    public string What { get; }

    /// <summary>Every accepted name, aliases included, sorted; for messages and docs.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool TryFind(string name, out SearchField field) => byName.TryGetValue(name, out field!);
}
