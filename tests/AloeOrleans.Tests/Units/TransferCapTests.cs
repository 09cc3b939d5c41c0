using System.IO.Pipelines;
using AloeOrleans.Grains.Staging;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>The byte budget of a job's inputs and the idle timeout of a transfer's source stream.</summary>
public sealed class TransferCapTests
{
    [Fact]
    public void The_budget_counts_across_transfers_and_fails_past_its_limit_naming_the_setting()
    {
        var budget = new InputByteBudget(100);

        budget.Take(60);
        budget.Take(40);
        var error = Assert.Throws<TransferLimitException>(() => budget.Take(1));

        Assert.Contains("exceed 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aloe:Staging:MaxInputBytesPerJob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_announced_size_that_does_not_fit_is_refused_before_reading()
    {
        var budget = new InputByteBudget(100);
        budget.Take(30);

        budget.Expect(70);
        Assert.Throws<TransferLimitException>(() => budget.Expect(71));
        Assert.Equal(30, budget.Used);
    }

    [Fact]
    public async Task A_metered_stream_stops_reading_once_the_budget_is_spent()
    {
        var budget = new InputByteBudget(250_000);
        await using var source = new MeteredReadStream(new MemoryStream(new byte[1_000_000]), budget, Timeout.InfiniteTimeSpan);

        await Assert.ThrowsAsync<TransferLimitException>(() => source.CopyToAsync(Stream.Null));

        Assert.True(budget.Used < 250_000 + 100_000, $"read {budget.Used} bytes");
    }

    [Fact]
    public async Task A_source_that_sends_nothing_fails_after_the_idle_timeout_naming_the_setting()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("first bytes"u8.ToArray());
        await using var source = new MeteredReadStream(pipe.Reader.AsStream(), new InputByteBudget(long.MaxValue), TimeSpan.FromMilliseconds(300));
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<ServerSilentException>(() => source.CopyToAsync(Stream.Null));

        Assert.Contains("Aloe:Staging:IdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_the_job_is_a_cancellation_not_a_timeout()
    {
        var pipe = new Pipe();
        await using var source = new MeteredReadStream(pipe.Reader.AsStream(), new InputByteBudget(long.MaxValue), TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.CopyToAsync(Stream.Null, cancel.Token));
    }
}
