using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Search;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>The apps' and systems' search fields, evaluated in memory over a few definitions.</summary>
public sealed class CatalogSearchFieldsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly AppDefinition[] Apps =
    [
        App("wc", "1.0") with { Label = "Word count", Tags = ["demo", "text"], Available = true, LastModified = Noon.AddDays(-2) },
        App("wc", "1.10") with { Tags = ["text"], DefaultNodeCount = 2, IsPublic = true, LastModified = Noon },
        App("head", "1.9") with { Available = false, Parallelism = AppParallelism.PARALLEL, LastModified = Noon.AddSeconds(1) },
    ];

    private static readonly SystemDefinition[] Systems =
    [
        new() { Id = "hpc", Type = SystemType.EXECUTION, Scheduler = SchedulerKind.SLURM, Status = "UP", Site = "tacc",
                Login = new SystemLogin { Protocol = "SSH", Host = "login.example.org" }, Queues = [new SystemQueue { Name = "normal" }] },
        new() { Id = "store", Type = SystemType.STORAGE, Default = true, Public = true, MaxSystemJobs = 5,
                Storage = new SystemStorage { Protocol = "SFTP", HomeDir = "/home" } },
    ];

    [Theory]
    [InlineData("name=wc", "wc-1.0,wc-1.10")]
    [InlineData("NAME.neq=wc", "head-1.9")]
    [InlineData("version.gt=1.9", "wc-1.10")]
    [InlineData("version.lte=1.9", "head-1.9,wc-1.0")]
    [InlineData("version.lt=1.9", "wc-1.0")]
    [InlineData("version.gte=1.10", "wc-1.10")]
    [InlineData("version=1.10.0", "wc-1.10")]
    [InlineData("version.between=1.5,1.9", "head-1.9")]
    [InlineData("id.in=wc-1.0,head-1.9,nope", "head-1.9,wc-1.0")]
    [InlineData("id.nin=wc-1.0,head-1.9", "wc-1.10")]
    [InlineData("label.like=Word*", "wc-1.0")]
    [InlineData("label.nlike=Word*", "head-1.9,wc-1.10")]
    [InlineData("label=Word count", "wc-1.0")]
    [InlineData("label.neq=Word count", "head-1.9,wc-1.10")]
    [InlineData("tags=text", "wc-1.0,wc-1.10")]
    [InlineData("tag.neq=demo", "head-1.9,wc-1.10")]
    [InlineData("tags.in=demo,x", "wc-1.0")]
    [InlineData("tags.nin=demo,x", "head-1.9,wc-1.10")]
    [InlineData("tags.like=te*", "wc-1.0,wc-1.10")]
    [InlineData("available=false", "head-1.9")]
    [InlineData("public=true", "wc-1.10")]
    [InlineData("isPublic.neq=true", "head-1.9,wc-1.0")]
    [InlineData("parallelism=parallel", "head-1.9")]
    [InlineData("defaultNodeCount.gte=2", "wc-1.10")]
    [InlineData("defaultNodeCount.lt=5", "wc-1.10")]
    [InlineData("inputs.id=inputFile", "head-1.9,wc-1.0,wc-1.10")]
    [InlineData("lastModified.on=2026-11-28", "head-1.9,wc-1.10")]
    [InlineData("lastModified=2026-11-28T12:00:00Z", "wc-1.10")]
    [InlineData("lastModified.before=2026-11-28T12:00:00Z", "wc-1.0")]
    [InlineData("lastModified.lte=2026-11-28T12:00:00Z", "wc-1.0,wc-1.10")]
    [InlineData("lastModified.after=2026-11-28T12:00:00Z", "head-1.9")]
    [InlineData("lastModified.gte=2026-11-28T12:00:00Z", "head-1.9,wc-1.10")]
    [InlineData("lastModified.neq=2026-11-28", "wc-1.0")]
    [InlineData("lastModified.between=2026-11-26,2026-11-27", "wc-1.0")]
    [InlineData("lastUpdated.in=2026-11-26,2026-11-28T12:00:01Z", "head-1.9,wc-1.0")]
    [InlineData("name=wc&tags=demo", "wc-1.0")]
    [InlineData("name=' OR 1=1 --", "")]
    public void Apps_match_each_operator(string query, string expected) =>
        Assert.Equal(expected, Search(AppSearchFields.Fields, Apps, query, app => app.Id));

    [Theory]
    [InlineData("type=execution", "hpc")]
    [InlineData("type.neq=EXECUTION", "store")]
    [InlineData("status=up", "hpc")]
    [InlineData("status.nin=UP", "store")]
    [InlineData("default=true", "store")]
    [InlineData("public=true", "store")]
    [InlineData("available=true", "hpc,store")]
    [InlineData("scheduler=slurm", "hpc")]
    [InlineData("site.like=ta*", "hpc")]
    [InlineData("login.host=login.example.org", "hpc")]
    [InlineData("login.protocol.in=ssh", "hpc")]
    [InlineData("storage.protocol=local", "hpc")]
    [InlineData("storage.homeDir=/home", "store")]
    [InlineData("maxSystemJobs.lt=10", "store")]
    [InlineData("maxSystemJobs.gt=10", "hpc")]
    [InlineData("queues.name=normal", "hpc")]
    [InlineData("operatorDefined=false", "hpc,store")]
    public void Systems_match_their_fields(string query, string expected) =>
        Assert.Equal(expected, Search(SystemSearchFields.Fields, Systems, query, system => system.Id));

    [Fact]
    public void Every_documented_field_name_is_accepted()
    {
        Assert.Equal(
            "archiveOnAppError, available, checkpointable, defaultNodeCount, defaultProcessorsPerNode, defaultQueue, deploymentPath, deploymentSystem, " +
            "executionSystem, executionType, helpURI, id, inputs.id, isPublic, label, lastModified, lastUpdated, longDescription, modules, name, " +
            "ontology, outputs.id, parallelism, parameters.id, public, shortDescription, tag, tags, templatePath, uuid, version",
            string.Join(", ", AppSearchFields.Fields.Table.Names));
        Assert.Equal(
            "available, default, description, executionType, id, lastModified, lastUpdated, login.host, login.protocol, maxSystemJobs, " +
            "maxSystemJobsPerUser, name, operatorDefined, public, queues.name, scheduler, scratchDir, site, status, storage.homeDir, " +
            "storage.host, storage.protocol, storage.rootDir, type, workDir",
            string.Join(", ", SystemSearchFields.Fields.Table.Names));
    }

    private static string Search<T>(CatalogSearchFields<T> fields, IEnumerable<T> definitions, string query, Func<T, string> id)
    {
        var parameters = query.Split('&').Select(pair => pair.Split('=', 2)).Select(pair => KeyValuePair.Create(pair[0], pair[1]));
        Assert.True(SearchTermParser.TryParse(parameters, fields.Table, out var terms, out var error), error);
        return string.Join(",", fields.Filter(definitions, terms).Select(id).Order(StringComparer.Ordinal));
    }

    private static AppDefinition App(string name, string version) => new()
    {
        Id = $"{name}-{version}",
        Name = name,
        Version = version,
        ExecutionSystem = "hpc",
        TemplatePath = "run.sh",
        Inputs = [new AppInput { Id = "inputFile" }],
    };
}
