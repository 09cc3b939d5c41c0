using System.Diagnostics;

namespace AloeOrleans.Tests.Grains;

/// <summary>Waits for a condition with a deadline and fails saying what did not happen (never sleep-and-hope).</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {limit.TotalSeconds:0} s waiting for: {what}.");
            }

            await Task.Delay(20);
        }
    }
}
