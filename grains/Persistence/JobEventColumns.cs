using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>Parameters of an <c>aloe_job_events</c> row written next to a job write.</summary>
internal static class JobEventColumns
{
    public const string Values = "@ev_event, @ev_status, @ev_created, @ev_created_by, @ev_description";

    /// <summary>Binds the event's parameters; <paramref name="status"/> null when the statement reads the status itself.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, JobEventWrite jobEvent, string? status, DateTimeOffset created)
    {
        parameters.Add(new NpgsqlParameter<string>("ev_event", jobEvent.Event));
        if (status is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("ev_status", status));
        }

        parameters.Add(new NpgsqlParameter<DateTimeOffset>("ev_created", created.ToUniversalTime()));
        parameters.Add(new NpgsqlParameter<string>("ev_created_by", jobEvent.CreatedBy));
        parameters.Add(new NpgsqlParameter<string>("ev_description",
            jobEvent.Description.Length <= 4096 ? jobEvent.Description : jobEvent.Description[..4096]));
    }
}
