using System.Globalization;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// One service for the limits tests: the default catalog, <see cref="E2eCatalog"/> and <see cref="LimitsCatalog"/>,
/// a DefaultQueue of <see cref="NumWorkers"/> workers, and rate limits low enough to reach in a test but above what
/// the other tests of the class send.
/// </summary>
public sealed class LimitsServiceFixture : IAsyncLifetime
{
    public const int NumWorkers = 4;
    public const int TokensPerSecond = 10;
    public const int BurstLimit = 30;
    public const int AnonymousTokensPerSecond = 2;
    public const int AnonymousBurstLimit = 5;

    public AloeServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await AloeServiceProcess.StartAsync(LimitsCatalog.Write, environment: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Aloe__Queues__NumWorkers"] = NumWorkers.ToString(CultureInfo.InvariantCulture),
            ["Aloe__Gateway__RateLimit__TokensPerSecond"] = TokensPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Aloe__Gateway__RateLimit__BurstLimit"] = BurstLimit.ToString(CultureInfo.InvariantCulture),
            ["Aloe__Gateway__RateLimit__AnonymousTokensPerSecond"] = AnonymousTokensPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Aloe__Gateway__RateLimit__AnonymousBurstLimit"] = AnonymousBurstLimit.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
