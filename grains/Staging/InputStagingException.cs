namespace AloeOrleans.Grains.Staging;

/// <summary>An input could not be transferred; the message names the input and the reason, for the job's history.</summary>
public sealed class InputStagingException(string inputId, string source, string reason)
    : Exception(inputId.Length == 0 ? $"Input '{source}' could not be staged: {reason}." : $"Input {inputId} ('{source}') could not be staged: {reason}.");
