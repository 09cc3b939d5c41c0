using System.Net.Sockets;
using Npgsql;
using Orleans.Runtime;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// What a failed call to the job grain's accept says about the job. The ACCEPTED row is committed inside that call,
/// so a call that timed out, lost its silo or lost its database connection may have failed before or after the commit:
/// the outcome is unknown, and only a retry with the same <c>Idempotency-Key</c> finds out safely. Only an error the
/// database itself answered (a <see cref="PostgresException"/>) proves nothing was committed. Pure.
/// </summary>
public static class AcceptFailure
{
    /// <summary>
    /// <see cref="SubmitStatus.OutcomeUnknown"/>, <see cref="SubmitStatus.Unavailable"/> (certainly nothing stored, a
    /// passing outage), or null for a failure that is neither (a bug: the caller lets it become a 500).
    /// </summary>
    public static (SubmitStatus Status, string Cause)? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException { IsTransient: true }:
                    return (SubmitStatus.Unavailable, "the database refused the write for now");
                case PostgresException:
                    return null;
                case NpgsqlException or SocketException or IOException:
                    return (SubmitStatus.OutcomeUnknown, "the connection to the database broke during the write");
                case TimeoutException:
                    return (SubmitStatus.OutcomeUnknown, "the job cluster did not answer in time");
                case SiloUnavailableException:
                    return (SubmitStatus.OutcomeUnknown, "the silo holding the job became unavailable during the call");
                case OrleansException:
                    return (SubmitStatus.OutcomeUnknown, "the job cluster could not complete the call");
            }
        }

        return null;
    }

    /// <summary>The answer for <see cref="SubmitStatus.OutcomeUnknown"/>: what happened, the job id it would have, how to retry safely.</summary>
    public static string OutcomeUnknownMessage(string cause, Guid jobUuid, string? idempotencyKey) =>
        $"The outcome of this submission is unknown: {cause}, so the job may or may not have been stored. If it was, its id is {jobUuid} " +
        $"(GET /jobs/v2/{jobUuid} answers 404 until then). " +
        (idempotencyKey is null
            ? "This request had no Idempotency-Key header, so a retry may create a second job: look for the job first, and send an " +
              "Idempotency-Key with submissions so that a retry is safe."
            : $"Retry with the same Idempotency-Key ('{idempotencyKey}'): if the job was stored, the retry answers 201 with it and stores nothing new.");

    /// <summary>The answer for <see cref="SubmitStatus.Unavailable"/> after a refused write.</summary>
    public static string NothingStoredMessage(string cause) =>
        $"The job could not be accepted: {cause}; nothing was stored. Retry in a few seconds.";
}
