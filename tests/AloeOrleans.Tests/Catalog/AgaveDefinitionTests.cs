using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Grains.Catalog;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>Agave 2.2 exports (<see cref="AgaveExports"/>) parse, validate and keep their descriptive fields.</summary>
public sealed class AgaveDefinitionTests
{
    [Fact]
    public void An_exported_execution_system_registers_with_its_descriptive_fields()
    {
        var system = SystemOf(AgaveExports.ExecutionSystem());

        Assert.Empty(SystemDefinitionValidator.Validate(system, SystemAuthor.TenantAdmin));
        Assert.Equal("A Slurm cluster for the catalog tests", system.Description);
        Assert.Equal("example.org", system.Site);
        Assert.Equal("UP", system.Status);
        Assert.True(system.Available);
        Assert.False(system.Public);
        Assert.Equal("./bashrc", system.StartupScript);
        Assert.Equal("/home/svc", system.Storage.HomeDir);
        Assert.False(system.Storage.Mirror);
        Assert.Equal("-A TG-EXAMPLE", system.Queues[0].CustomDirectives);
        Assert.Equal("Normal queue", system.Queues[0].Description);
        Assert.Null(system.Queues[1].Description);
        Assert.Empty(system.Environment);
        Assert.Null(system.LastModified);
    }

    [Fact]
    public void An_exported_storage_system_keeps_public_and_publicAppsDir()
    {
        var system = SystemOf(AgaveExports.StorageSystem());

        Assert.Empty(SystemDefinitionValidator.Validate(system, SystemAuthor.TenantAdmin));
        Assert.True(system.Public);
        Assert.Equal("/apps/public", system.Storage.PublicAppsDir);
        Assert.False(system.Default);
    }

    [Fact]
    public void An_exported_app_registers_with_its_descriptive_fields()
    {
        var app = AppOf(AgaveExports.App());

        Assert.Empty(AppDefinitionValidator.Validate(app, Systems()));
        Assert.Empty(AppTemplateRules.Check(app, AgaveExports.AppTemplate));
        Assert.Equal("head-1.2.0", app.Id);
        Assert.Equal("", app.Uuid);
        Assert.Equal("Head of a file", app.Label);
        Assert.Equal("https://example.org/docs/head", app.HelpUri);
        Assert.Equal(["demo", "text", "unix"], app.Tags);
        Assert.Equal(["purge", "load TACC"], app.Modules);
        Assert.Equal("HPC", app.ExecutionType);
        Assert.Equal("test/test.sh", app.TestPath);
        Assert.Equal("4", app.DefaultMemoryPerNode);
        Assert.Equal("Text files", app.Inputs[0].Details!.Label);
        Assert.Equal(["text-0"], app.Inputs[0].Semantics.FileTypes);
        Assert.Equal(-1, app.Inputs[0].Semantics.MaxCardinality);
        Assert.Equal(["lines", "bytes"], app.Parameters[0].Value.EnumValues);
        Assert.Equal(2, app.Parameters[1].Value.Order);
        Assert.Equal("-n ", app.Parameters[1].Details!.Argument);
        Assert.Equal(["xs:integer"], app.Parameters[1].Semantics!.Ontology);
        Assert.Equal("headOutput", app.Outputs[0].Id);
        Assert.Equal("head.out", app.Outputs[0].Value!.Default!.Value.GetString());
    }

    [Fact]
    public void What_the_service_shows_parses_back_to_the_same_definition()
    {
        var app = AppOf(AgaveExports.App());
        var shown = JsonSerializer.SerializeToNode(app, CatalogJson.Options)!;
        Assert.Equal(shown.ToJsonString(), JsonSerializer.Serialize(AppOf(shown.AsObject()), CatalogJson.Options));

        var system = SystemOf(AgaveExports.ExecutionSystem());
        var shownSystem = JsonSerializer.SerializeToNode(system, CatalogJson.Options)!;
        Assert.Equal(shownSystem.ToJsonString(), JsonSerializer.Serialize(SystemOf(shownSystem.AsObject()), CatalogJson.Options));
    }

    [Fact]
    public void Output_only_fields_of_a_body_are_ignored_even_when_malformed()
    {
        var body = AgaveExports.App();
        body["lastModified"] = "not a date";
        body["uuid"] = 12;
        body["revision"] = "x";

        var app = AppOf(body);

        Assert.Null(app.LastModified);
        Assert.Equal("", app.Uuid);
    }

    [Fact]
    public void A_null_Aloe_field_of_an_export_means_not_given()
    {
        var body = AgaveExports.App();
        body["defaultQueue"] = null;
        body["defaultMemoryPerNode"] = null;

        var app = AppOf(body);

        Assert.Null(app.DefaultQueue);
        Assert.Null(app.DefaultMemoryPerNode);
    }

    private static IReadOnlyDictionary<string, SystemDefinition> Systems() => new Dictionary<string, SystemDefinition>
    {
        ["stampede.example.org"] = SystemOf(AgaveExports.ExecutionSystem()),
        ["data.example.org"] = SystemOf(AgaveExports.StorageSystem()),
    };

    private static AppDefinition AppOf(JsonObject body) => Valid(CatalogBodyParser.ParseApp(CatalogBodies.Bytes(body)));

    private static SystemDefinition SystemOf(JsonObject body) => Valid(CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(body)));

    private static T Valid<T>(CatalogParseResult<T> parsed)
        where T : class
    {
        Assert.True(parsed.IsValid, CatalogError.Join(parsed.Errors));
        return parsed.Value!;
    }
}
