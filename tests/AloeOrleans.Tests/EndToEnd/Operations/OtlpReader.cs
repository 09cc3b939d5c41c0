namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// Reads the few fields a test needs from OTLP's protobuf messages (ExportTraceServiceRequest, ExportLogsServiceRequest),
/// by the field numbers of opentelemetry-proto, with a minimal protobuf wire reader: the tests need no generated code.
/// </summary>
public static class OtlpReader
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int Length = 2;
    private const int Fixed32 = 5;

    public static IReadOnlyList<OtlpSpan> Spans(ReadOnlyMemory<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Messages(request, 1))
        {
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = Messages(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Messages(scopeSpans, 2))
                {
                    var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var keyValue in Messages(span, 9))
                    {
                        var value = Messages(keyValue, 2).FirstOrDefault();
                        attributes[Text(keyValue, 1) ?? ""] = value.IsEmpty ? "" : Text(value, 1) ?? Number(value, 3)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }

                    spans.Add(new OtlpSpan(Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5) ?? "", (int)(Number(span, 6) ?? 0), scope, attributes));
                }
            }
        }

        return spans;
    }

    public static IReadOnlyList<OtlpLogRecord> LogRecords(ReadOnlyMemory<byte> request)
    {
        var records = new List<OtlpLogRecord>();
        foreach (var resourceLogs in Messages(request, 1))
        {
            foreach (var scopeLogs in Messages(resourceLogs, 2))
            {
                foreach (var record in Messages(scopeLogs, 2))
                {
                    var body = Messages(record, 5).FirstOrDefault();
                    records.Add(new OtlpLogRecord(Hex(record, 9), body.IsEmpty ? "" : Text(body, 1) ?? ""));
                }
            }
        }

        return records;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == Length).Select(f => f.Bytes);

    private static string? Text(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == Length).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault();

    private static string Hex(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == Length).Select(f => Convert.ToHexString(f.Bytes.Span).ToLowerInvariant()).FirstOrDefault() ?? "";

    private static long? Number(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == Varint).Select(f => (long?)f.Value).FirstOrDefault();

    private static IEnumerable<(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Bytes)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case Varint:
                    yield return (number, wireType, ReadVarint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                    break;
                case Fixed64:
                    position += 8;
                    yield return (number, wireType, 0, ReadOnlyMemory<byte>.Empty);
                    break;
                case Length:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return (number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                case Fixed32:
                    position += 4;
                    yield return (number, wireType, 0, ReadOnlyMemory<byte>.Empty);
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {wireType} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("A varint longer than 10 bytes.");
    }
}
