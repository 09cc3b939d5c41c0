namespace AloeOrleans.Grains.Staging;

/// <summary>
/// A server stopped answering: no response, reply or byte within the idle limit of <see cref="StagingOptions"/>; the
/// message names the setting. Unlike a cap (<see cref="TransferLimitException"/>), it may pass: a server that is
/// overloaded or restarting answers again later. An <see cref="IOException"/>, since for whoever reads the stream it is one.
/// </summary>
public sealed class ServerSilentException(string message) : IOException(message);
