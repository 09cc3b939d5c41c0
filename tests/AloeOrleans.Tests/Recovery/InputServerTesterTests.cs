using System.Net;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Tests.EndToEnd.Network;
using AloeOrleans.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Recovery;

/// <summary>
/// The input server tester against real TCP servers on this host: down (nobody listens), then up on the same port; a
/// server that answers "later"; and the inputs' network policy, which the tester obeys without connecting anywhere.
/// </summary>
public sealed class InputServerTesterTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly StagingNetwork loopbackAllowed = Network("127.0.0.0/8");

    public void Dispose() => loopbackAllowed.Dispose();

    [Fact]
    public async Task An_http_server_that_is_down_has_not_cleared_and_clears_once_it_answers_on_that_port()
    {
        var port = TestPorts.Free();
        var server = $"http://127.0.0.1:{port}";
        var tester = Tester(loopbackAllowed);

        var down = await TestAsync(tester, server);
        Assert.False(down.Cleared, down.Note);
        Assert.Contains(server, down.Note, StringComparison.Ordinal);
        Assert.Contains("refused", down.Note, StringComparison.OrdinalIgnoreCase);

        // A server with no file at the root answers 404: it answers, which is all the test asks.
        await using var up = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Answers(404, "Not Found"u8.ToArray()), port);
        var cleared = await TestAsync(tester, server);
        Assert.True(cleared.Cleared, cleared.Note);
        Assert.Equal($"{server} answered HEAD / with 404 Not Found", cleared.Note);
        Assert.Equal(1, up.Connections);
    }

    [Theory]
    [InlineData(503, false)]
    [InlineData(429, false)]
    [InlineData(502, false)]
    [InlineData(501, true)]
    [InlineData(403, true)]
    [InlineData(200, true)]
    public async Task An_answer_that_says_later_has_not_cleared(int status, bool cleared)
    {
        await using var server = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Answers(status, "Words"u8.ToArray()));

        var result = await TestAsync(Tester(loopbackAllowed), $"http://{server.Authority}");

        Assert.True(result.Cleared == cleared, result.Note);
        Assert.Contains($"with {status} Words", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_the_inputs_policy_refuses_is_never_connected_to()
    {
        await using var server = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.Serves("internal\n"u8.ToArray()));
        using var production = Network("");

        var result = await TestAsync(Tester(production), $"http://{server.Authority}");

        Assert.False(result.Cleared, result.Note);
        Assert.Contains(StagingNetwork.AllowedNetworksSetting, result.Note, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_cut_off_by_the_callers_deadline()
    {
        await using var server = ScriptedTcpServer.Start(IPAddress.Loopback, HostileHttp.NeverAnswers());
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Tester(loopbackAllowed).TestAsync($"http://{server.Authority}", deadline.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("sftp://127.0.0.1:22")]
    [InlineData("file:///etc/passwd")]
    public async Task Parameters_that_are_not_an_input_server_are_never_tried(string parameters)
    {
        var result = await TestAsync(Tester(loopbackAllowed), parameters);

        Assert.False(result.Cleared);
        Assert.Contains("is not the server of an http(s) or ftp input", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ftp_server_that_does_not_greet_with_220_has_not_cleared()
    {
        await using var busy = ScriptedTcpServer.Start(IPAddress.Loopback, async (stream, ct) =>
            await stream.WriteAsync("421 Too many users, try later\r\n"u8.ToArray(), ct));

        var result = await TestAsync(Tester(loopbackAllowed), $"ftp://{busy.Authority}");

        Assert.False(result.Cleared, result.Note);
        Assert.Equal($"ftp://{busy.Authority} greeted with 421 Too many users, try later, not 220 (ready)", result.Note);
    }

    internal static InputServerTester Tester(StagingNetwork network) => new(network, Options.Create(new StagingOptions()));

    internal static StagingNetwork Network(string allowed) => new(Options.Create(new StagingOptions { AllowedNetworks = allowed }));

    private static async Task<RecoveryTestResult> TestAsync(InputServerTester tester, string server)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        return await tester.TestAsync(server, deadline.Token);
    }
}
