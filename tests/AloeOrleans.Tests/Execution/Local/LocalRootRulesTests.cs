using AloeOrleans.Grains.Execution;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

/// <summary>Every rule of LOCAL root confinement, on paths only.</summary>
public sealed class LocalRootRulesTests
{
    private const string Data = "/srv/aloe/data";

    [Theory]
    [InlineData("dev", "local-storage", "/srv/aloe/data/tenants/dev/local-storage")]
    [InlineData("dev", "a/b/", "/srv/aloe/data/tenants/dev/a/b")]
    [InlineData("dev", "./x/../y", "/srv/aloe/data/tenants/dev/y")]
    [InlineData("dev", "", "/srv/aloe/data/tenants/dev")]
    [InlineData("dev", "../other/x", "/srv/aloe/data/tenants/other/x")]
    [InlineData("dev", "/scratch/aloe/", "/scratch/aloe")]
    [InlineData("dev", "/", "/")]
    public void A_relative_rootDir_resolves_in_the_tenants_folder_and_an_absolute_one_as_written(string tenant, string rootDir, string expected) =>
        Assert.Equal(expected, LocalRootRules.Resolve(Data + "/", tenant, rootDir));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\0b")]
    public void A_tenant_id_that_cannot_name_a_folder_is_refused(string tenant)
    {
        Assert.Throws<ArgumentException>(() => LocalRootRules.Resolve(Data, tenant, "store"));
        Assert.Contains("cannot name a folder", Assert.Single(LocalRootRules.Violations(Data, [Root(tenant, "s", "store")], [])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("a/b")]
    [InlineData("/scratch/aloe/dev")]
    [InlineData("/srv/aloe/data/tenants/dev/abs")]
    [InlineData("/srv/aloe/data-other")]
    public void A_root_in_its_own_tenants_folder_or_outside_the_data_folder_may_be_used(string rootDir) =>
        Assert.Empty(LocalRootRules.Violations(Data, [Root("dev", "s", rootDir)], []));

    [Theory]
    [InlineData("/srv/aloe/data", "may not be the data folder or one of its ancestors")]
    [InlineData("/srv/aloe/data/", "may not be the data folder or one of its ancestors")]
    [InlineData("/srv/aloe", "may not be the data folder or one of its ancestors")]
    [InlineData("/", "may not be the data folder or one of its ancestors")]
    [InlineData("../../..", "may not be the data folder or one of its ancestors")]
    [InlineData("../../../..", "may not be the data folder or one of its ancestors")]
    [InlineData("", "may not be the tenant's folder itself (tenants/dev)")]
    [InlineData(".", "may not be the tenant's folder itself (tenants/dev)")]
    [InlineData("x/..", "may not be the tenant's folder itself (tenants/dev)")]
    [InlineData("/srv/aloe/data/tenants/dev", "may not be the tenant's folder itself (tenants/dev)")]
    [InlineData("..", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("../other", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("../other/store", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("../devx", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("../../systems/local-storage", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("/srv/aloe/data/pg", "must lie inside its own tenant's folder tenants/dev/")]
    [InlineData("/srv/aloe/data/tenants/other/x", "must lie inside its own tenant's folder tenants/dev/")]
    public void A_root_that_is_the_data_folder_the_tenant_folder_or_elsewhere_in_the_data_folder_is_refused(string rootDir, string rule)
    {
        var violation = Assert.Single(LocalRootRules.Violations(Data, [Root("dev", "store", rootDir)], []));

        Assert.Contains(rule, violation, StringComparison.Ordinal);
        Assert.StartsWith("Seed file /etc/aloe/dev.json: tenant dev, system store, rootDir '" + rootDir + "'", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/scratch/a", "/scratch/a", "is the same folder as")]
    [InlineData("/scratch/a/", "/scratch/a", "is the same folder as")]
    [InlineData("/scratch/a/inner", "/scratch/a", "lies inside")]
    [InlineData("/scratch", "/scratch/a", "contains")]
    public void Two_declared_roots_that_overlap_are_refused_once_naming_both(string first, string second, string relation)
    {
        var violation = Assert.Single(LocalRootRules.Violations(Data, [Root("one", "s1", first), Root("two", "s2", second)], []));

        Assert.Contains($"tenant one, system s1, rootDir '{first}'", violation, StringComparison.Ordinal);
        Assert.Contains($"{relation} the LOCAL root of system s2 of tenant two", violation, StringComparison.Ordinal);
        Assert.Contains("no LOCAL root may contain or lie inside another", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/scratch/a", "/scratch/ab")]
    [InlineData("/scratch/a/b", "/scratch/a/c")]
    [InlineData("store", "store")]
    public void Roots_that_only_share_a_prefix_or_a_rootDir_of_different_tenants_do_not_overlap(string first, string second) =>
        Assert.Empty(LocalRootRules.Violations(Data, [Root("one", "s", first), Root("two", "s", second)], []));

    [Fact]
    public void Two_systems_of_one_tenant_with_nested_relative_rootDirs_are_refused() =>
        Assert.Contains("contains the LOCAL root of system b of tenant dev",
            Assert.Single(LocalRootRules.Violations(Data, [Root("dev", "a", "store"), Root("dev", "b", "store/apps")], [])), StringComparison.Ordinal);

    [Fact]
    public void Two_systems_of_one_tenant_with_the_same_relative_rootDir_are_refused() =>
        Assert.Contains("is the same folder as", Assert.Single(LocalRootRules.Violations(Data, [Root("dev", "a", "store"), Root("dev", "b", "store")], [])),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("store", "store", "is the same folder as")]
    [InlineData("store", "store/deeper", "contains")]
    [InlineData("store/deeper", "store", "lies inside")]
    public void A_declared_root_that_overlaps_a_stored_system_of_another_system_is_refused(string declared, string stored, string relation)
    {
        var violation = Assert.Single(LocalRootRules.Violations(Data, [Root("dev", "new", declared)],
            [new LocalRootDeclaration("the database", "dev", "old", stored)]));

        Assert.Contains($"{relation} the LOCAL root of system old of tenant dev", violation, StringComparison.Ordinal);
        Assert.Contains("from the database", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_system_replaces_its_own_stored_definition_so_they_are_not_compared() =>
        Assert.Empty(LocalRootRules.Violations(Data, [Root("dev", "store", "store")],
            [new LocalRootDeclaration("the database", "dev", "store", "store/old-place")]));

    [Fact]
    public void Stored_systems_are_not_checked_against_each_other_only_against_declared_ones() =>
        Assert.Empty(LocalRootRules.Violations(Data, [Root("dev", "new", "fresh")],
            [new LocalRootDeclaration("the database", "dev", "a", "x"), new LocalRootDeclaration("the database", "dev", "b", "x")]));

    [Fact]
    public void A_system_declared_twice_counts_once_with_its_last_rootDir() =>
        Assert.Empty(LocalRootRules.Violations(Data, [Root("dev", "store", ""), Root("dev", "store", "store")], []));

    [Fact]
    public void Every_violation_is_reported_not_only_the_first()
    {
        var violations = LocalRootRules.Violations(Data, [Root("dev", "a", "/"), Root("dev", "b", ""), Root("other", "c", "/scratch/c")], []);

        // "/" breaks the data-folder rule and contains both others; the tenant folder breaks its own rule.
        Assert.Equal(4, violations.Count);
    }

    private static LocalRootDeclaration Root(string tenant, string system, string rootDir) =>
        new("Seed file /etc/aloe/dev.json", tenant, system, rootDir);
}
