namespace AloeOrleans.Grains.Staging;

/// <summary>
/// A transfer broke one of the caps of <see cref="StagingOptions"/>; the message names the cap and its setting. An
/// <see cref="IOException"/>, since for whoever reads the stream it is one: the source cannot be read any further.
/// </summary>
public sealed class TransferLimitException(string message) : IOException(message);
