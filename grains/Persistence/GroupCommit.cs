using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Group commit of single-statement job writes (docs/lifecycle.md, "Group commit"). Writers that arrive while earlier
/// batches are being committed wait together and are committed as one transaction: one round trip, one WAL flush. A
/// write's task completes only after its transaction committed, so an acknowledged write is as durable as before.
/// <para>
/// Nothing waits on purpose: a write that finds fewer than <see cref="PersistenceOptions.GroupCommitMaxInFlight"/>
/// batches in flight starts one at once, so a lone write costs what it did alone; under load the batches grow by
/// themselves (up to <see cref="PersistenceOptions.GroupCommitMaxBatch"/>).
/// </para>
/// <para>
/// The statements of a batch are independent (each job has one writer, and each statement reports a lost race with no
/// row instead of an error), so one transaction holds them safely. When a statement fails with a server error, the
/// server rolled the whole transaction back, so each write is run again alone, and only the failing one fails. Any other
/// failure (the connection lost, a timeout) may have come after the commit: it is given to every write of the batch,
/// as it would have been to each alone.
/// </para>
/// </summary>
public sealed class GroupCommit(NpgsqlDataSource dataSource, int maxBatch, int maxInFlight)
{
    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _pending = new();
    private int _inFlight;

    /// <summary>Runs <paramref name="sql"/> with the parameters <paramref name="bind"/> adds; returns the first column of its first row, or null.</summary>
    public Task<object?> ExecuteScalarAsync(string sql, Action<NpgsqlParameterCollection> bind)
    {
        var write = new PendingWrite(sql, bind);
        bool startBatch;
        lock (_gate)
        {
            _pending.Enqueue(write);
            startBatch = _inFlight < maxInFlight;
            if (startBatch)
            {
                _inFlight++;
            }
        }

        if (startBatch)
        {
            _ = Task.Run(CommitWhilePendingAsync);
        }

        return write.Result.Task;
    }

    private async Task CommitWhilePendingAsync()
    {
        while (true)
        {
            List<PendingWrite> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _inFlight--;
                    return;
                }

                batch = new List<PendingWrite>(Math.Min(_pending.Count, maxBatch));
                while (batch.Count < maxBatch && _pending.TryDequeue(out var write))
                {
                    batch.Add(write);
                }
            }

            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            var results = await RunInOneTransactionAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused a statement and rolled the transaction back: nothing of the batch was written.
            foreach (var write in batch)
            {
                await CommitAsync([write]);
            }
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Result.TrySetException(exception);
            }
        }
    }

    private async Task<object?[]> RunInOneTransactionAsync(List<PendingWrite> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var write in batch)
        {
            var statement = new NpgsqlBatchCommand(write.Sql);
            write.Bind(statement.Parameters);
            command.BatchCommands.Add(statement);
        }

        var results = new object?[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var index = 0;
            do
            {
                results[index++] = await reader.ReadAsync() && !await reader.IsDBNullAsync(0) ? reader.GetValue(0) : null;
            }
            while (await reader.NextResultAsync());
        }

        await transaction.CommitAsync();
        return results;
    }
}
