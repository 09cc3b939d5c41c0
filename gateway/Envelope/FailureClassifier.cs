using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Orleans.Runtime;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// Turns an unhandled exception into the HTTP answer the contract asks for: outages of a backing service are 503
/// (nothing was accepted, retry later), oversized or malformed requests keep their 4xx, and only bugs are 500.
/// </summary>
public static class FailureClassifier
{
    /// <summary>The status and message for <paramref name="exception"/>, or null when it is a bug (500).</summary>
    public static (int StatusCode, string Message)? Classify(Exception exception, long maxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    return (StatusCodes.Status413PayloadTooLarge,
                        $"The request body is larger than the limit of {maxRequestBodyBytes} bytes.");
                case BadHttpRequestException bad:
                    return (bad.StatusCode, $"The request could not be read: {bad.Message}");
                case NpgsqlException or SocketException or TimeoutException or Grains.Persistence.DatabaseUnavailableException:
                    return (StatusCodes.Status503ServiceUnavailable,
                        "The database is unavailable; nothing was changed. Retry in a few seconds.");
                case SiloUnavailableException or OrleansMessageRejectionException:
                    return (StatusCodes.Status503ServiceUnavailable,
                        "The job cluster is unavailable; nothing was changed. Retry in a few seconds.");
            }
        }

        return null;
    }
}
