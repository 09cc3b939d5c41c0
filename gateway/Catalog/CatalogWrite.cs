using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;

namespace AloeOrleans.Gateway.Catalog;

/// <summary>
/// The start of a catalog write: the admin making it and the parsed definition, or the refusal to answer with
/// (401/403, 415/400 for the body, 400 for a definition that does not parse).
/// </summary>
internal sealed record CatalogWrite<T>(Caller? Admin, T? Definition, EnvelopeResult? Refusal) where T : class;
