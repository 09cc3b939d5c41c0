using System.Globalization;

namespace AloeOrleans.Grains.Staging;

/// <summary>
/// The bytes one job's inputs may bring in all (<see cref="StagingOptions.MaxInputBytesPerJob"/>), shared by every
/// input of the job whatever its protocol. Staging is sequential, so one budget is never used by two transfers at once.
/// </summary>
public sealed class InputByteBudget(long limit)
{
    public long Limit => limit;

    public long Used { get; private set; }

    public long Remaining => Math.Max(0, limit - Used);

    /// <summary>Counts <paramref name="bytes"/> received.</summary>
    /// <exception cref="TransferLimitException">The job's inputs now exceed the limit.</exception>
    public void Take(long bytes)
    {
        Used += bytes;
        if (Used > limit)
        {
            throw Exceeded();
        }
    }

    /// <summary>Refuses a transfer that announces (e.g. with Content-Length) more than remains, before reading any of it.</summary>
    /// <exception cref="TransferLimitException">The announced size does not fit.</exception>
    public void Expect(long announcedBytes)
    {
        if (announcedBytes > Remaining)
        {
            throw Exceeded();
        }
    }

    private TransferLimitException Exceeded() => new(string.Create(CultureInfo.InvariantCulture,
        $"the job's inputs together exceed {limit} bytes, the cap set by Aloe:Staging:MaxInputBytesPerJob"));
}
