using System.Text;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Grains.Staging.Ftp;
using Xunit;

namespace AloeOrleans.Tests.Units.Ftp;

/// <summary>Control connection lines and replies are bounded: a hostile server cannot make the client hold more than the caps.</summary>
public sealed class FtpLineReaderTests
{
    [Fact]
    public async Task Lines_end_at_LF_with_an_optional_CR_and_the_last_one_at_the_end_of_the_stream()
    {
        var reader = Reader("220 Ready.\r\n331 Password?\n\r\nlast", 100);

        Assert.Equal("220 Ready.", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("331 Password?", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("last", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_may_be_exactly_as_long_as_the_limit()
    {
        var line = new string('x', 5000);

        Assert.Equal(line, await Reader(line + "\n", 5000).ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_fails_naming_the_setting_without_reading_the_rest()
    {
        var stream = new CountingStream(new string('x', 1_000_000) + "\n");

        var error = await Assert.ThrowsAsync<TransferLimitException>(() => new FtpLineReader(stream, 5000).ReadLineAsync(CancellationToken.None));

        Assert.Contains("longer than 5000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxFtpReplyLineBytes", error.Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead < 10_000, $"read {stream.BytesRead} bytes of an endless line");
    }

    [Fact]
    public async Task A_multi_line_reply_larger_than_its_limit_fails_naming_the_setting()
    {
        var endless = Enumerable.Range(0, 100_000).Select(i => $"220-line {i}").GetEnumerator();

        var error = await Assert.ThrowsAsync<TransferLimitException>(() =>
            FtpReply.ReadAsync(() => Task.FromResult(endless.MoveNext() ? endless.Current : null), maxReplyBytes: 1000));

        Assert.Contains("Aloe:Staging:MaxFtpReplyBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_line_reply_within_its_limit_is_read_whole()
    {
        var lines = new Queue<string>(["220-Welcome", "220 Ready."]);

        var reply = await FtpReply.ReadAsync(() => Task.FromResult(lines.Count > 0 ? lines.Dequeue() : null), maxReplyBytes: 1000);

        Assert.Equal("Welcome\nReady.", reply.Text);
    }

    private static FtpLineReader Reader(string text, int maxLineBytes) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes);

    /// <summary>An endless-looking line in memory that counts how much of it was read.</summary>
    private sealed class CountingStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
