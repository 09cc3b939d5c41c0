using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// An open-loop load at a fixed rate (bench/acceptance.sh): request i is due at start + i / rate whatever the answers
// before it, and its latency counts from that due time, so a stall shows in the percentiles instead of slowing the load
// down (closed-loop tools such as wrk, or many workers that fire together such as hey, hide or make bursts).
// Usage: RateLoad <url> <rate per second> <seconds> <body file>   (env ALOE_TOKEN: the bearer token)
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: RateLoad <url> <rate per second> <seconds> <body file>");
    return 2;
}

var url = new Uri(args[0]);
var rate = double.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var body = await File.ReadAllBytesAsync(args[3]);
var token = Environment.GetEnvironmentVariable("ALOE_TOKEN") ?? "";
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = TimeSpan.FromSeconds(60),
};

var total = (int)Math.Round(rate * seconds);
var latencies = new double[total];
var statuses = new int[total];
var clock = Stopwatch.StartNew();
var requests = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var due = TimeSpan.FromSeconds(i / rate);
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1))
    {
        await Task.Delay(wait);
    }

    var index = i;
    requests.Add(Task.Run(async () =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            statuses[index] = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            statuses[index] = 0;
        }

        latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
    }));
}

await Task.WhenAll(requests);
var elapsed = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(total - 1, (int)Math.Ceiling(p / 100 * total) - 1)];
var created = statuses.Count(status => status is >= 200 and < 300);
var summary = new StringBuilder()
    .Append(CultureInfo.InvariantCulture, $"rate {total / elapsed:F1}/s ({total} requests, {created} 2xx, {total - created} other): ")
    .Append(CultureInfo.InvariantCulture, $"p50 {Percentile(50):F1} ms, p90 {Percentile(90):F1} ms, p99 {Percentile(99):F1} ms, max {latencies[^1]:F1} ms");
Console.WriteLine(summary);
return created == total ? 0 : 1;
