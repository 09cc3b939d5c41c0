using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using Xunit;

namespace AloeOrleans.Tests.Units.Ftp;

public sealed class FtpReplyTests
{
    private static Task<FtpReply> Read(params string[] lines)
    {
        var queue = new Queue<string>(lines);
        return FtpReply.ReadAsync(() => Task.FromResult(queue.Count > 0 ? queue.Dequeue() : null));
    }

    [Fact]
    public async Task A_single_line_reply_gives_code_and_text()
    {
        var reply = await Read("230 Login successful.");

        Assert.Equal(230, reply.Code);
        Assert.Equal("Login successful.", reply.Text);
        Assert.True(reply.IsPositiveCompletion);
    }

    [Fact]
    public async Task A_multi_line_reply_ends_at_its_code_followed_by_a_space()
    {
        var reply = await Read("220-Welcome", "220-to the", " test server", "220 Ready.", "331 not part of it");

        Assert.Equal(220, reply.Code);
        Assert.Equal("Welcome\n220-to the\n test server\nReady.", reply.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("2x0 nope")]
    public async Task A_malformed_reply_is_a_permanent_error(string line)
    {
        var error = await Assert.ThrowsAsync<FtpReplyException>(() => Read(line));

        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_closed_connection_is_an_error() =>
        await Assert.ThrowsAsync<IOException>(() => Read());

    [Theory]
    [InlineData("Entering Passive Mode (127,0,0,1,200,10).", 51210)]
    [InlineData("Entering Passive Mode (10,1,2,3,0,21)", 21)]
    [InlineData("Entering Passive Mode (127,0,0,1,256,10)", null)]
    [InlineData("Entering Passive Mode (127,0,0,1,0,0)", null)]
    [InlineData("Entering Passive Mode", null)]
    public void Passive_replies_give_the_data_port(string text, int? port) =>
        Assert.Equal(port, new FtpReply(227, text).PassivePort());

    [Theory]
    [InlineData("Entering Extended Passive Mode (|||6446|)", 6446)]
    [InlineData("Entering Extended Passive Mode (|||70000|)", null)]
    [InlineData("Entering Extended Passive Mode (||||)", null)]
    public void Extended_passive_replies_give_the_data_port(string text, int? port) =>
        Assert.Equal(port, new FtpReply(229, text).ExtendedPassivePort());

    [Theory]
    [InlineData("ftp://alice:s3cret@ftp.example.org/data/in.txt", "ftp://***@ftp.example.org/data/in.txt")]
    [InlineData("ftp://ftp.example.org/data/in.txt", "ftp://ftp.example.org/data/in.txt")]
    [InlineData("https://bob:pw@example.org/x", "https://***@example.org/x")]
    [InlineData("data/in.txt", "data/in.txt")]
    public void Input_sources_are_redacted_for_history_and_logs(string value, string redacted) =>
        Assert.Equal(redacted, InputSource.Parse(value).Redacted);

    [Fact]
    public void A_staging_error_never_carries_the_password() =>
        Assert.DoesNotContain("s3cret", new InputStagingException("in", "ftp://alice:s3cret@h/x", "refused").Message, StringComparison.Ordinal);
}
