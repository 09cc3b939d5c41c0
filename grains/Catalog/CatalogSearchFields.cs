using AloeOrleans.Grains.Search;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The searchable fields of one kind of catalog definition: the whitelist the search parser reads
/// (<see cref="Table"/>) and, for each field, what it reads of a definition. The catalog is searched in memory: a
/// tenant's apps and systems are loaded whole for every read (they are what the submit path caches), a few hundred
/// definitions at most, so filtering them costs less than any query would.
/// </summary>
public sealed class CatalogSearchFields<T>
{
    private readonly Dictionary<SearchField, Func<T, object?>> readers = [];

    public CatalogSearchFields(string what, IEnumerable<(SearchField Field, Func<T, object?> Read)> fields, IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, read) in fields)
        {
            readers.Add(field, read);
        }

        Table = new SearchFieldTable(what, readers.Keys, aliases);
    }

    public SearchFieldTable Table { get; }

    /// <summary>What <paramref name="field"/> reads of <paramref name="definition"/> (see <see cref="SearchTermMatcher"/> for the types).</summary>
    public object? Read(T definition, SearchField field) => readers[field](definition);

    /// <summary>The definitions every term matches (terms are ANDed), in their order.</summary>
    public IEnumerable<T> Filter(IEnumerable<T> definitions, IReadOnlyList<SearchTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return definitions.Where(definition => terms.All(term => SearchTermMatcher.Matches(term, Read(definition, term.Field))));
    }
}
