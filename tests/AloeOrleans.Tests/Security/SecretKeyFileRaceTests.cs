using AloeOrleans.Grains.Security;
using Xunit;

namespace AloeOrleans.Tests.Security;

/// <summary>
/// Silos starting together on a fresh data folder all ask for the same key file: every one gets the same complete key,
/// never an empty or half-written file (found by <c>./aloe up --silos 2</c>, where one silo read a 0-byte signing key).
/// </summary>
public sealed class SecretKeyFileRaceTests
{
    [Fact]
    public async Task Concurrent_first_uses_all_read_one_complete_key()
    {
        for (var round = 0; round < 20; round++)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"aloe-key-race-{Guid.NewGuid():N}");
            try
            {
                var path = Path.Combine(folder, "secret.key");
                using var start = new ManualResetEventSlim();
                var readers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
                {
                    start.Wait();
                    return SecretKeyFile.ReadOrCreate(path, 32);
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
                start.Set();
                var keys = await Task.WhenAll(readers);

                Assert.Single(keys.Distinct(StringComparer.Ordinal));
                Assert.Equal(32, Convert.FromBase64String(keys[0].Trim()).Length);
                Assert.Equal([path], Directory.GetFiles(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
