namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>The connections of one endpoint: a gate of MaxConnectionsPerSystem leases and the idle connections.</summary>
internal sealed class SshEndpointSlots(int maxConnections)
{
    private readonly Lock sync = new();
    private readonly List<SshConnection> idle = [];
    private bool closed;

    public SemaphoreSlim Gate { get; } = new(maxConnections, maxConnections);

    /// <summary>Open connections of this endpoint, leased or idle.</summary>
    public int Open;

    public bool TryTakeIdle(out SshConnection connection)
    {
        lock (sync)
        {
            // Most recently returned first: the others stay idle long enough to be closed when load drops.
            if (idle.Count > 0)
            {
                connection = idle[^1];
                idle.RemoveAt(idle.Count - 1);
                return true;
            }
        }
        connection = null!;
        return false;
    }

    /// <summary>Puts a connection back; false when the pool is closing (the caller closes it).</summary>
    public bool TryAddIdle(SshConnection connection)
    {
        lock (sync)
        {
            if (closed)
            {
                return false;
            }
            idle.Add(connection);
            return true;
        }
    }

    /// <summary>Takes out the idle connections <paramref name="expired"/> says to close.</summary>
    public List<SshConnection> RemoveIdle(Func<SshConnection, bool> expired)
    {
        lock (sync)
        {
            var removed = idle.Where(expired).ToList();
            idle.RemoveAll(removed.Contains);
            return removed;
        }
    }

    /// <summary>Refuses further returns and takes out every idle connection.</summary>
    public List<SshConnection> Close()
    {
        lock (sync)
        {
            closed = true;
            var all = idle.ToList();
            idle.Clear();
            return all;
        }
    }
}
