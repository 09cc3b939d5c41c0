namespace AloeOrleans.Tests.Grains;

/// <summary>
/// Samples a queue's jobs in active processing from the database in the background for as long as it lives and
/// remembers the worst sample, so a test can assert the worker limit held at every sampled moment.
/// </summary>
public sealed class ActiveJobSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private int _samples;
    private string? _worst;
    private int _worstCount;

    public ActiveJobSampler(JobProbe probe, string queue)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var active = await probe.ActiveAsync(queue);
                lock (_gate)
                {
                    _samples++;
                    if (active.Count > _worstCount)
                    {
                        _worstCount = active.Count;
                        _worst = string.Join(", ", active.Select(job => $"{job.Uuid}={job.Status}"));
                    }
                }

                await Task.Delay(20);
            }
        });
    }

    public int Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples;
            }
        }
    }

    /// <summary>Fails when any sample saw more than <paramref name="limit"/> active jobs; stops sampling first.</summary>
    public async Task AssertNeverMoreThanAsync(int limit)
    {
        await StopAsync();
        lock (_gate)
        {
            Xunit.Assert.True(_samples > 10, $"Only {_samples} samples were taken: the check proves little.");
            Xunit.Assert.True(_worstCount <= limit, $"{_worstCount} jobs were active at once (limit {limit}): {_worst}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }
}
