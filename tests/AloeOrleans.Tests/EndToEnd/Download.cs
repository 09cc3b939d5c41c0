using System.Net;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>A download's answer: the bytes and the headers a client of <c>outputs/media</c> reads.</summary>
public sealed record Download(
    HttpStatusCode Status,
    byte[] Body,
    string? ContentType,
    long? ContentLength,
    string? ContentRange,
    DateTimeOffset? LastModified,
    string? AcceptRanges)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        $"{(int)Status} {ContentType} length={ContentLength} range={ContentRange}: {(Body.Length > 300 ? Text[..300] + "…" : Text)}";
}
