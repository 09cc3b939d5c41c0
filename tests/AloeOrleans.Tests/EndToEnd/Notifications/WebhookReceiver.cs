using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) receiving webhooks: records every request and answers what
/// <see cref="Answer"/> says for it (200 by default), or never answers while <see cref="Hang"/> is set.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<WebhookCall> calls = new();
    private readonly WebApplication app;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The status code to answer a request with, given the requests to the same path so far (this one included).</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => 200;

    /// <summary>While true, requests are held without an answer (a receiver that never responds).</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<WebhookCall> Calls => calls.ToArray();

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>A URL on this receiver (a template: macros are left for the service to resolve).</summary>
    public string Url(string pathAndQuery) => BaseAddress.ToString() + pathAndQuery.TrimStart('/');

    /// <summary>Waits until <paramref name="done"/> holds for the calls so far, or fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<WebhookCall>> WaitForAsync(Func<IReadOnlyList<WebhookCall>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var snapshot = Calls;
            if (done(snapshot))
            {
                return snapshot;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds} s; got {snapshot.Count} calls: " +
                    string.Join(", ", snapshot.Select(call => $"{call.Path}{call.Query}->{call.Answered}")));
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        released.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (Hang)
        {
            calls.Enqueue(new WebhookCall(DateTimeOffset.UtcNow, path, context.Request.QueryString.Value ?? "", headers, body.ToArray(), 0));
            await Task.WhenAny(released.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
            return;
        }

        var previous = calls.Count(call => call.Path == path);
        var code = Answer(path, previous + 1);
        calls.Enqueue(new WebhookCall(DateTimeOffset.UtcNow, path, context.Request.QueryString.Value ?? "", headers, body.ToArray(), code));
        context.Response.StatusCode = code;
    }
}
