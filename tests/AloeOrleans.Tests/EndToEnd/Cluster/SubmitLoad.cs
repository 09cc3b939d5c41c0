using System.Collections.Concurrent;
using System.Net;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// A steady submit load over several service processes, as a load balancer would spread it: each submission goes to
/// the next endpoint; one that refuses the connection (a stopped silo) is skipped, the way a balancer drops an
/// instance that fails, and the submission goes to the next. Every answer is recorded.
/// </summary>
public sealed class SubmitLoad : IAsyncDisposable
{
    private readonly IReadOnlyList<JobsClient> clients;
    private readonly Func<int, object> body;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] loops;
    private int next;
    private int sequence;

    private SubmitLoad(IReadOnlyList<JobsClient> clients, Func<int, object> body, int concurrency, TimeSpan pause)
    {
        this.clients = clients;
        this.body = body;
        loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => LoopAsync(pause))).ToArray();
    }

    /// <summary>Job ids answered 201: acknowledged, so they must never be lost.</summary>
    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Every answer other than 201, with its status and message.</summary>
    public ConcurrentBag<ApiResponse> Refused { get; } = [];

    /// <summary>Connections refused or reset (the request reached no service, or its answer was lost with the process).</summary>
    public ConcurrentBag<string> ConnectionFailures { get; } = [];

    public static SubmitLoad Start(IReadOnlyList<JobsClient> clients, Func<int, object> body, int concurrency, TimeSpan pause) =>
        new(clients, body, concurrency, pause);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        stop.Dispose();
    }

    public string Describe() =>
        $"{Acknowledged.Count} acknowledged, {Refused.Count} refused ({string.Join("; ", Refused.GroupBy(r => (int)r.Status).Select(g => $"{g.Key} × {g.Count()}"))}), " +
        $"{ConnectionFailures.Count} connection failures";

    private async Task LoopAsync(TimeSpan pause)
    {
        while (!stop.IsCancellationRequested)
        {
            var submission = body(Interlocked.Increment(ref sequence));
            for (var attempt = 0; attempt < clients.Count; attempt++)
            {
                var client = clients[(int)((uint)Interlocked.Increment(ref next) % clients.Count)];
                try
                {
                    var answer = await client.SubmitAsync(submission);
                    if (answer.Status == HttpStatusCode.Created)
                    {
                        Acknowledged.Add(answer.Result.GetProperty("id").GetString()!);
                    }
                    else
                    {
                        Refused.Add(answer);
                    }

                    break;
                }
                catch (HttpRequestException exception)
                {
                    ConnectionFailures.Add(exception.Message);
                }
            }

            try
            {
                await Task.Delay(pause, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
