using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>Kestrel on 127.0.0.1 (a free port) serving in-memory files, the http source of job inputs.</summary>
public sealed class TestHttpFileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requests = new();
    private readonly WebApplication app;

    private TestHttpFileServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every path requested so far.</summary>
    public IReadOnlyCollection<string> Requests => requests;

    /// <summary>Starts on <paramref name="port"/> (0: any free port), e.g. the port jobs already failed to reach.</summary>
    public static async Task<TestHttpFileServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestHttpFileServer(app);
        app.Run(server.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <c>/{name}</c>; returns the file's absolute URL.</summary>
    public string Add(string name, byte[] content)
    {
        files[name] = content;
        return new Uri(BaseAddress, name).ToString();
    }

    /// <summary>
    /// Serves <paramref name="content"/> at <c>/{name}</c>, but sends only its first half until <paramref name="gate"/>
    /// completes: a download that hangs midway, for as long as a test needs.
    /// </summary>
    public string AddGated(string name, byte[] content, Task gate)
    {
        gates[name] = gate;
        return Add(name, content);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var name = context.Request.Path.Value?.TrimStart('/') ?? "";
        requests.Enqueue(name);
        if (!files.TryGetValue(name, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        try
        {
            if (gates.TryGetValue(name, out var gate))
            {
                var half = content.Length / 2;
                await context.Response.Body.WriteAsync(content.AsMemory(0, half), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await gate.WaitAsync(context.RequestAborted);
                await context.Response.Body.WriteAsync(content.AsMemory(half), context.RequestAborted);
            }
            else
            {
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client (a service the test killed) went away mid-download.
        }
    }
}
