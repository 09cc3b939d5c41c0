using System.Net;
using System.Net.Sockets;
using System.Text;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Tests.EndToEnd.Network;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>
/// http inputs from real TCP servers on this host that misbehave: each failure names the input and the underlying
/// cause, keeps the cause as inner exception, and says whether it is transient.
/// </summary>
public sealed class InputStagerNetworkFailureTests : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private readonly TempFolder _temp = new("aloe-stager-net-");
    private readonly LocalSystemFiles _work;
    private readonly InputStager _stager;

    public InputStagerNetworkFailureTests()
    {
        _work = new LocalSystemFiles("exec", _temp.Folder("work"));
        var options = Options.Create(new StagingOptions { AllowedNetworks = "127.0.0.0/8", IdleTimeout = Idle });
        _stager = new InputStager(new FixedCatalog(), TestSystemAccess.Create(_temp.Path), new StagingNetwork(options), options);
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, bool, string> Servers() => new()
    {
        { "resets after the request", true, "the server reset the connection" },
        { "closes after the request", true, "the server closed the connection before its answer was complete" },
        { "resets mid-body", true, "Connection reset by peer" },
        { "answers 503", true, "the server answered 503" },
        { "answers 429", true, "the server answered 429" },
        { "answers 404", false, "the server answered 404" },
        { "answers 403", false, "the server answered 403" },
        { "never answers", true, "sent no response for 1 s, the limit set by Aloe:Staging:IdleTimeout" },
        { "answers 500 with a NUL in its reason phrase", false, "the server's answer could not be used (Received status phrase could not be decoded" },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_misbehaving_server_fails_the_input_naming_it_and_the_cause(string behaviour, bool transient, string cause)
    {
        await using var server = ScriptedTcpServer.Start(IPAddress.Loopback, Script(behaviour));
        var url = $"http://{server.Authority}/words.txt";

        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync(url));

        Assert.StartsWith($"Input data ('{url}') could not be staged: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(cause, StringComparison.Ordinal), $"{behaviour}: {error.Message}");
        Assert.DoesNotContain("An error occurred while sending the request", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient == transient, $"{behaviour}: {(error.IsTransient ? "transient" : "permanent")}: {error.Message}");
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_a_transient_refusal_with_the_socket_error_as_cause()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}/words.txt";

        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync(url));

        Assert.True(error.IsTransient, error.Message);
        Assert.Contains($"Input data ('{url}')", error.Message, StringComparison.Ordinal);
        Assert.Contains("the server refused the connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("[ConnectionRefused]", error.Message, StringComparison.Ordinal);
        var cause = Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(cause.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task An_address_outside_the_allowed_networks_is_permanent()
    {
        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync("http://10.1.2.3/words.txt"));

        Assert.False(error.IsTransient, error.Message);
        Assert.Contains("Aloe:Staging:AllowedNetworks", error.Message, StringComparison.Ordinal);
    }

    private static Func<NetworkStream, CancellationToken, Task> Script(string behaviour) => behaviour switch
    {
        "resets after the request" => HostileHttp.ResetsAfterRequest(),
        "closes after the request" => HostileHttp.ClosesAfterRequest(),
        "resets mid-body" => HostileHttp.ResetsMidBody(),
        "answers 503" => HostileHttp.Answers(503, Encoding.ASCII.GetBytes("Service Unavailable")),
        "answers 429" => HostileHttp.Answers(429, Encoding.ASCII.GetBytes("Too Many Requests")),
        "answers 404" => HostileHttp.Answers(404, Encoding.ASCII.GetBytes("Not Found")),
        "answers 403" => HostileHttp.Answers(403, Encoding.ASCII.GetBytes("Forbidden")),
        "never answers" => HostileHttp.NeverAnswers(),
        "answers 500 with a NUL in its reason phrase" => HostileHttp.Answers(500, [.. "Internal"u8, 0, .. "Error"u8]),
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "no such server"),
    };

    private Task StageAsync(string url) =>
        _stager.StageAsync("dev", "no-app", $$"""{"data":["{{url}}"]}""", _work, _work.Root, _ => Task.CompletedTask, CancellationToken.None);
}
