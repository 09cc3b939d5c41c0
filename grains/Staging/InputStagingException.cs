namespace AloeOrleans.Grains.Staging;

/// <summary>
/// An input could not be transferred; the message names the input and the reason, for the job's history. The source
/// is redacted (no URL credentials), since the message goes to the history and the log.
/// <see cref="IsTransient"/> says whether trying again later may succeed (a server that dropped the connection or was
/// not up yet) as opposed to a failure that stays (a missing file, a refused address, a cap reached); the job's
/// lifecycle blocks a job on a transient failure instead of failing it (docs/lifecycle.md).
/// </summary>
public sealed class InputStagingException(string inputId, string source, string reason, bool isTransient = false, Exception? cause = null)
    : Exception(inputId.Length == 0
        ? $"Input '{InputSource.Parse(source).Redacted}' could not be staged: {reason}."
        : $"Input {inputId} ('{InputSource.Parse(source).Redacted}') could not be staged: {reason}.", cause)
{
    /// <summary>True when the same transfer may succeed later.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>The server of an http(s) or ftp input (<see cref="InputSource.Server"/>), which a recovery test asks; else null.</summary>
    public string? Server { get; } = InputSource.Parse(source).Server;
}
