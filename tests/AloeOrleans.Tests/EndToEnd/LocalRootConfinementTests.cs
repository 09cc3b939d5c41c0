using System.Text.Json.Nodes;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The real service refuses to start when the operator's seed files declare a LOCAL root that would let one tenant
/// reach another's files or the service's own (docs/security.md); the message names the seed file, tenant, system
/// and rule.
/// </summary>
[NeedsServers]
public sealed class LocalRootConfinementTests
{
    public static TheoryData<string, string> Refusals() => new()
    {
        { "data-folder", "may not be the data folder or one of its ancestors" },
        { "contains-another-tenants", "no LOCAL root may contain or lie inside another" },
        { "same-as-another", "is the same folder as the LOCAL root of system store of tenant" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_service_refuses_to_start_with_a_seed_whose_LOCAL_root_breaks_a_rule(string seed, string rule)
    {
        var outside = Path.Combine(Path.GetTempPath(), $"aloe-roots-{Guid.NewGuid():N}");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AloeServiceProcess.StartAsync(dataDir => seed switch
        {
            "data-folder" => [WriteSeed(dataDir, "bad", dataDir)],
            "contains-another-tenants" => [WriteSeed(dataDir, "inner", Path.Combine(outside, "a", "inner")), WriteSeed(dataDir, "outer", Path.Combine(outside, "a"))],
            _ => [WriteSeed(dataDir, "first", Path.Combine(outside, "same")), WriteSeed(dataDir, "second", Path.Combine(outside, "same"))],
        }));

        Assert.Contains("exited with code 78", refused.Message, StringComparison.Ordinal);
        Assert.Contains(rule, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Seed file ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("system store", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outside), "A refused root was created.");
    }

    /// <summary>A seed of <paramref name="tenant"/> with one LOCAL storage system <c>store</c> at <paramref name="rootDir"/>.</summary>
    private static string WriteSeed(string dataDir, string tenant, string rootDir)
    {
        var path = Path.Combine(dataDir, $"seed-{tenant}.json");
        File.WriteAllText(path, new JsonObject
        {
            ["tenantId"] = tenant,
            ["systems"] = new JsonArray(new JsonObject
            {
                ["id"] = "store", ["type"] = "STORAGE",
                ["storage"] = new JsonObject { ["protocol"] = "LOCAL", ["rootDir"] = rootDir },
            }),
        }.ToJsonString());
        return path;
    }
}
