using AloeOrleans.Grains.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace AloeOrleans.Tests.Hosting;

/// <summary>The data folder is resolved in one place: <c>Aloe:DataDir</c>, else <c>ALOE_DATA_DIR</c>, else <c>./.aloe</c>.</summary>
public sealed class DataFolderTests
{
    [Fact]
    public void Aloe_DataDir_wins_over_the_environment_variable_setting()
    {
        var folder = DataFolder.From(Configuration(("Aloe:DataDir", "/srv/aloe"), ("ALOE_DATA_DIR", "/tmp/other")));

        Assert.Equal("/srv/aloe", folder.Path);
        Assert.True(folder.IsConfiguredAbsolute);
    }

    [Fact]
    public void The_environment_variable_is_read_from_the_configuration()
    {
        var folder = DataFolder.From(Configuration(("ALOE_DATA_DIR", "/tmp/aloe-data")));

        Assert.Equal("/tmp/aloe-data", folder.Path);
        Assert.Equal(Path.Combine("/tmp/aloe-data", "credential.key"), folder.File("credential.key"));
    }

    [Fact]
    public void A_relative_folder_is_made_absolute_but_remembered_as_configured()
    {
        var folder = DataFolder.From(Configuration(("Aloe:DataDir", "data")));

        Assert.Equal(Path.GetFullPath("data"), folder.Path);
        Assert.Equal("data", folder.ConfiguredValue);
        Assert.False(folder.IsConfiguredAbsolute);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>(value.Key, value.Value))).Build();
}
