namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// One broken rule of a system or app definition: the field (JSON path, e.g. <c>queues[1].maxJobs</c>) and a message
/// for the user that begins with that field and says what is wrong and how to fix it.
/// </summary>
public sealed record CatalogError(string Field, string Message)
{
    public static CatalogError For(string field, string rule) => new(field, $"{field}: {rule}");

    public static string Join(IEnumerable<CatalogError> errors) => string.Join("; ", errors.Select(error => error.Message));
}
