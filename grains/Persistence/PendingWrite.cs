using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>A write waiting in <see cref="GroupCommit"/>: its statement, how to bind its parameters (again, should it run alone), and its answer.</summary>
internal sealed class PendingWrite(string sql, Action<NpgsqlParameterCollection> bind)
{
    public string Sql { get; } = sql;

    public Action<NpgsqlParameterCollection> Bind { get; } = bind;

    public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
