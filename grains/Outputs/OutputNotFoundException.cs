namespace AloeOrleans.Grains.Outputs;

/// <summary>Nothing the caller may read is at the path: missing, a symbolic link (never followed), or the service's control folder.</summary>
public sealed class OutputNotFoundException(string message) : Exception(message);
