using AloeOrleans.Grains.Staging;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>Where an input value comes from, and the file name it is staged as.</summary>
public sealed class InputSourceTests
{
    [Fact]
    public void A_plain_path_is_on_the_default_storage_system()
    {
        var source = InputSource.Parse("data/in.txt");

        Assert.Equal(("storage", null, "data/in.txt", "data/in.txt"), (source.Scheme, source.SystemId, source.Path, source.Original));
        Assert.False(source.IsUrl);
    }

    [Theory]
    [InlineData("agave://store/a/b.txt", "store", "a/b.txt")]
    [InlineData("agave://store/", "store", "")]
    [InlineData("agave://store", "store", "")]
    [InlineData("AGAVE://store/x", "store", "x")]
    public void Agave_uris_name_a_registered_storage_system(string value, string system, string path)
    {
        var source = InputSource.Parse(value);

        Assert.Equal(("storage", system, path, value), (source.Scheme, source.SystemId, source.Path, source.Original));
        Assert.False(source.IsUrl);
    }

    [Theory]
    [InlineData("http://h/x", "http")]
    [InlineData("HTTPS://h/x", "https")]
    [InlineData("sftp://h/x", "sftp")]
    [InlineData("ftp://h/x", "ftp")]
    [InlineData("irods://h/x", "irods")]
    [InlineData("irods4://h/x", "irods4")]
    public void Transfer_urls_keep_their_lower_cased_scheme(string value, string scheme)
    {
        var source = InputSource.Parse(value);

        Assert.Equal(scheme, source.Scheme);
        Assert.True(source.IsUrl);
        Assert.Null(source.SystemId);
        Assert.Equal(value, source.Path);
    }

    [Fact]
    public void An_unknown_scheme_is_not_a_url_the_stager_can_fetch()
    {
        var source = InputSource.Parse("gopher://h/x");

        Assert.Equal("gopher", source.Scheme);
        Assert.False(source.IsUrl);
    }

    [Theory]
    [InlineData("data/in.txt", "in.txt")]
    [InlineData("data/folder/", "folder")]
    [InlineData("agave://store/a/b.txt", "b.txt")]
    [InlineData("http://h/dir/my%20file.txt?x=1#frag", "my file.txt")]
    [InlineData("https://h/a%2Fb.txt", "b.txt")]
    [InlineData("http://h/", "inputFile")]
    [InlineData("http://h", "inputFile")]
    [InlineData("agave://store/", "inputFile")]
    [InlineData("", "inputFile")]
    [InlineData("a/.", "inputFile")]
    [InlineData("a/..", "inputFile")]
    [InlineData("tab\there", "tab_here")]
    public void Staged_file_names_are_the_last_segment_made_safe(string value, string expected)
    {
        Assert.Equal(expected, InputSource.Parse(value).StagedFileName("inputFile"));
    }

    [Theory]
    [InlineData("http://h/%2E%2E")]
    [InlineData("http://h/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("data/x/../..")]
    public void A_staged_file_name_is_never_a_path(string value)
    {
        var name = InputSource.Parse(value).StagedFileName("in");

        Assert.DoesNotContain('/', name);
        Assert.NotEqual("..", name);
        Assert.NotEqual(".", name);
        Assert.NotEqual("", name);
    }

    [Theory]
    [InlineData("http://files.example.org/a.txt", "http://files.example.org:80")]
    [InlineData("HTTPS://Files.Example.ORG/a.txt?sig=secret", "https://files.example.org:443")]
    [InlineData("http://alice:secret@files.example.org:8901/a/b.txt#frag", "http://files.example.org:8901")]
    [InlineData("ftp://bob:pw@ftp.example.org/pub/a.txt", "ftp://ftp.example.org:21")]
    [InlineData("ftp://***@ftp.example.org:2121/pub/a.txt", "ftp://ftp.example.org:2121")]
    [InlineData("http://127.0.0.2:65000/words.txt", "http://127.0.0.2:65000")]
    [InlineData("http://[::1]:8080/a.txt", "http://[::1]:8080")]
    [InlineData("sftp://h/x", null)]
    [InlineData("agave://store/a.txt", null)]
    [InlineData("alice/a.txt", null)]
    [InlineData("irods://h/x", null)]
    [InlineData("http://", null)]
    public void The_server_of_an_http_or_ftp_input_is_its_scheme_host_and_port_and_nothing_else(string value, string? server)
    {
        Assert.Equal(server, InputSource.Parse(value).Server);
    }
}
