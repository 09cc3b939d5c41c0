using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Parameter values reach the app as data, never as shell code: the template <c>printf '%s' ${text} &gt; echo.txt</c>
/// (placeholder unquoted) must write every hostile value byte for byte and run none of it.
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class InjectionTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string> HostileValues()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, template) in new[]
                 {
                     ("command substitution and quotes", "$(touch /tmp/pwned-{0}); x'\""),
                     ("backticks", "`touch /tmp/pwned-{0}`"),
                     ("semicolon and rm", "x; touch /tmp/pwned-{0}; rm -rf ./*"),
                     ("newline", "first\ntouch /tmp/pwned-{0}\n"),
                     ("quote breakout", "'; touch /tmp/pwned-{0}; echo '"),
                     ("globs, variables, redirects", "* ${HOME} $PATH > /tmp/pwned-{0} | tee -a /tmp/pwned-{0} & \\"),
                     ("unicode and tab", "zürich\t東京 \u00a0-n"),
                     ("arithmetic subscript", "x[$(touch /tmp/pwned-{0})]"),
                     ("subscript of an existing array", "PIPESTATUS[$(touch /tmp/pwned-{0})]"),
                 })
        {
            data.Add(name, template);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task A_hostile_parameter_value_is_written_verbatim_and_never_executed(string name, string template)
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var marker = $"/tmp/pwned-{Guid.NewGuid():N}";
        var text = template.Replace("/tmp/pwned-{0}", marker, StringComparison.Ordinal);
        try
        {
            var submitted = await alice.SubmitAsync(new
            {
                name = "echo", appId = E2eCatalog.EchoApp, archive = true, archivePath = "", parameters = new { text },
            });
            Assert.True(submitted.Status == HttpStatusCode.Created, $"{name}: submit answered {submitted}");
            var id = submitted.Result.GetProperty("id").GetString()!;

            var final = await alice.WaitForTerminalAsync(id, JobTimeout);
            Assert.False(File.Exists(marker), $"{name}: {marker} exists: the value ran as shell code");
            Assert.True(final == "FINISHED", $"{name}: job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}");

            var archived = Path.Combine(LocalLayout.Archive(service.DataDir, "alice", id), "echo.txt");
            Assert.True(File.Exists(archived), $"{name}: {archived} missing");
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), await File.ReadAllBytesAsync(archived));
            Assert.Equal(text, (await alice.GetJobAsync(id)).Result.GetProperty("parameters").GetProperty("text").GetString());
        }
        finally
        {
            File.Delete(marker);
        }
    }
}
