using System.Globalization;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// The source side of one input transfer: every byte read is counted against the job's <see cref="InputByteBudget"/>,
/// and an asynchronous read that receives nothing for <c>idleTimeout</c> fails (a stalled server holds a worker for
/// that long at most). Every copy in the service reads asynchronously; synchronous reads are counted but not timed.
/// Read-only; disposing it disposes the source.
/// </summary>
internal sealed class MeteredReadStream(Stream source, InputByteBudget budget, TimeSpan idleTimeout) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(source.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(source.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (idleTimeout == Timeout.InfiniteTimeSpan)
        {
            return Count(await source.ReadAsync(buffer, cancellationToken));
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return Count(await source.ReadAsync(buffer, idle.Token));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException
                                          && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerSilentException(string.Create(CultureInfo.InvariantCulture,
                $"the server sent nothing for {idleTimeout.TotalSeconds:0.###} s, the limit set by Aloe:Staging:IdleTimeout"));
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return source.DisposeAsync();
    }

    private int Count(int read)
    {
        budget.Take(read);
        return read;
    }
}
