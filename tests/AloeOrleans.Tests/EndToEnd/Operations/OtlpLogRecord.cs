namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>A log record as an OTLP exporter sent it: its trace id (hex, empty when none) and its body text.</summary>
public sealed record OtlpLogRecord(string TraceId, string Body);
