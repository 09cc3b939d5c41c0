namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// The service's database could not be reached or refused the work for a reason that passes (a restart, a lost
/// connection, a timeout). Thrown by the PostgreSQL adapters, so that callers know an outage by its type and never
/// look at driver exceptions; the driver's exception is the inner one.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception innerException) : Exception(message, innerException);
