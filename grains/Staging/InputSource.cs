namespace AloeOrleans.Grains.Staging;

/// <summary>
/// Where one input value comes from. A value with <c>://</c> is a URI (<c>agave://system/path</c> names a registered
/// storage system); anything else is a plain path on the app's storage system (InputLocator.RelativeInputSystem).
/// </summary>
public sealed record InputSource(string Scheme, string? SystemId, string Path, string Original)
{
    public bool IsUrl => Scheme is "http" or "https" or "sftp" or "ftp" or "irods" or "irods4";

    /// <summary>
    /// The source as it may appear in history and logs: user and password of a URL are replaced, so a credential
    /// given in an input URL (ftp://user:secret@host/…) is never written anywhere but the job's own inputs.
    /// </summary>
    public string Redacted =>
        IsUrl && Uri.TryCreate(Original, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? Original.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : Original;

    /// <summary>
    /// The server of an http(s) or ftp source, <c>scheme://host:port</c> (the scheme's port when the URL gives none):
    /// no user, password, path or query, so it may be shown and shared. Null for any other source.
    /// </summary>
    public string? Server =>
        Scheme is "http" or "https" or "ftp" && Uri.TryCreate(Original, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.Port > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Scheme}://{uri.Host}:{uri.Port}")
            : null;

    public static InputSource Parse(string value)
    {
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return new InputSource("storage", null, value, value);
        }

        var scheme = value[..separator].ToLowerInvariant();
        if (scheme != "agave")
        {
            return new InputSource(scheme, null, value, value);
        }

        var rest = value[(separator + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new InputSource("storage", rest, "", value)
            : new InputSource("storage", rest[..slash], rest[(slash + 1)..], value);
    }

    /// <summary>
    /// The name the input gets in the work dir: the last path segment, decoded, made safe (never empty, never a
    /// path). Deterministic, so a job resumed after a crash finds the files it staged before.
    /// </summary>
    public string StagedFileName(string inputId)
    {
        var path = IsUrl && Uri.TryCreate(Original, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : Path;
        var name = path.TrimEnd('/').Split('/').LastOrDefault() ?? "";
        var safe = new string(name.Select(c => char.IsControl(c) ? '_' : c).ToArray());
        return safe is "" or "." or ".." ? inputId : safe;
    }
}
