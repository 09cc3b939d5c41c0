namespace AloeOrleans.Grains.Staging;

/// <summary>
/// An input could not be transferred; the message names the input and the reason, for the job's history. The source
/// is redacted (no URL credentials), since the message goes to the history and the log.
/// </summary>
public sealed class InputStagingException(string inputId, string source, string reason)
    : Exception(inputId.Length == 0
        ? $"Input '{InputSource.Parse(source).Redacted}' could not be staged: {reason}."
        : $"Input {inputId} ('{InputSource.Parse(source).Redacted}') could not be staged: {reason}.");
