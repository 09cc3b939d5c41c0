namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>One request a <see cref="WebhookReceiver"/> got: when, the path and query, the headers and the body bytes, and what it answered.</summary>
public sealed record WebhookCall(DateTimeOffset Received, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answered)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
