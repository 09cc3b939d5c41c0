using System.Security.Cryptography;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// One service whose operators are the administrators of tenant <see cref="OperatorTenant"/> and whoever holds
/// <see cref="OperatorToken"/> (written to a file only the test reads, as an operator would mount a Secret).
/// </summary>
public sealed class OperatorServiceFixture : IAsyncLifetime
{
    public const string OperatorTenant = "ops";

    private readonly string tokenFolder = Path.Combine(Path.GetTempPath(), $"aloe-operator-{Guid.NewGuid():N}");

    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    public AloeServiceProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(tokenFolder);
        var tokenFile = Path.Combine(tokenFolder, "operator-token");
        await File.WriteAllTextAsync(tokenFile, OperatorToken + "\n");
        Service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Aloe__Operations__OperatorTenants__0"] = OperatorTenant,
            ["Aloe__Operations__OperatorTokenFile"] = tokenFile,
            ["Aloe__Operations__DashboardEnabled"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        Directory.Delete(tokenFolder, recursive: true);
    }
}
