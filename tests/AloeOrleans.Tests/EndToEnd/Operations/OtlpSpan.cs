namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>A span as an OTLP exporter sent it: ids in lowercase hex, its scope (the activity source) and string attributes.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Scope,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;
}
