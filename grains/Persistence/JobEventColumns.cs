using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Parameters of an <c>aloe_job_events</c> row written next to a job write. Its text columns are made to fit
/// (<see cref="ColumnText"/>): a description quotes errors from anywhere, and a write must never fail on its text.
/// </summary>
internal static class JobEventColumns
{
    public const int EventLength = 64;
    public const int CreatedByLength = 64;
    public const int DescriptionLength = 4096;

    public const string Values = "@ev_event, @ev_status, @ev_created, @ev_created_by, @ev_description";

    /// <summary>Binds the event's parameters; <paramref name="status"/> null when the statement reads the status itself.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, JobEventWrite jobEvent, string? status, DateTimeOffset created)
    {
        parameters.Add(new NpgsqlParameter<string>("ev_event", ColumnText.Fit(jobEvent.Event, EventLength)));
        if (status is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("ev_status", status));
        }

        parameters.Add(new NpgsqlParameter<DateTimeOffset>("ev_created", created.ToUniversalTime()));
        parameters.Add(new NpgsqlParameter<string>("ev_created_by", ColumnText.Fit(jobEvent.CreatedBy, CreatedByLength)));
        parameters.Add(new NpgsqlParameter<string>("ev_description", ColumnText.Fit(jobEvent.Description, DescriptionLength)));
    }

    /// <summary>
    /// Binds a second event of the same statement as <c>@{prefix}_event</c>, <c>@{prefix}_created_by</c> and
    /// <c>@{prefix}_description</c> (its status and time come from the statement and the first event).
    /// </summary>
    public static void BindExtra(NpgsqlParameterCollection parameters, string prefix, JobEventWrite jobEvent)
    {
        parameters.Add(new NpgsqlParameter<string>($"{prefix}_event", ColumnText.Fit(jobEvent.Event, EventLength)));
        parameters.Add(new NpgsqlParameter<string>($"{prefix}_created_by", ColumnText.Fit(jobEvent.CreatedBy, CreatedByLength)));
        parameters.Add(new NpgsqlParameter<string>($"{prefix}_description", ColumnText.Fit(jobEvent.Description, DescriptionLength)));
    }
}
