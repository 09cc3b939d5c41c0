namespace AloeOrleans.Grains.Catalog;

/// <summary>A catalog write that conflicts with what is stored (e.g. apps depend on it); the message says which and why.</summary>
public sealed class CatalogConflictException : Exception
{
    public CatalogConflictException()
    {
    }

    public CatalogConflictException(string message)
        : base(message)
    {
    }

    public CatalogConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
