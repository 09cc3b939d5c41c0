using System.Net;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// Where <c>Aloe:Jwt:JwksUri</c> points: an https URL, an http URL on a loopback host (nothing but this machine lies
/// between, so nobody can swap the keys in transit), or an absolute file path (also as <c>file://</c>). Pure.
/// </summary>
public sealed record JwksLocation(Uri? Url, string? FilePath)
{
    public override string ToString() => Url?.ToString() ?? FilePath ?? "";

    /// <summary>The location, or an <see cref="InvalidOperationException"/> naming the setting and the rule.</summary>
    public static JwksLocation Parse(string text)
    {
        var setting = $"{JwtOptions.SectionName}:JwksUri";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file")
        {
            if (uri.Scheme == "file")
            {
                return new JwksLocation(null, uri.LocalPath);
            }

            if (uri.Scheme == "http" && !IsLoopback(uri))
            {
                throw new InvalidOperationException(
                    $"{setting} '{uri}' uses plain http to another host: anyone on the network could replace the keys. Use https (plain http is allowed only for a loopback host).");
            }

            return new JwksLocation(uri, null);
        }

        if (Path.IsPathFullyQualified(text))
        {
            return new JwksLocation(null, text);
        }

        throw new InvalidOperationException($"{setting} must be an https URL (http only for a loopback host) or an absolute file path, not '{text}'.");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
