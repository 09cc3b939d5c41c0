using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>Parses a catalog write's JSON body (<see cref="CatalogBodyParser.ParseApp"/> or <see cref="CatalogBodyParser.ParseSystem"/>).</summary>
internal delegate CatalogParseResult<T> CatalogBodyParse<T>(ReadOnlySpan<byte> utf8Json, string? routeId) where T : class;
