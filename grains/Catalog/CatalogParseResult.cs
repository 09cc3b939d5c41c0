namespace AloeOrleans.Grains.Catalog;

/// <summary>A parsed definition, or every structural problem found in its body.</summary>
public sealed record CatalogParseResult<T>(T? Value, IReadOnlyList<CatalogError> Errors)
    where T : class
{
    public bool IsValid => Value is not null && Errors.Count == 0;
}
