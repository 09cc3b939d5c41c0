using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.AgaveCli;

/// <summary>
/// The requests the Agave command-line client's job commands send (TACC-Cloud/agave-cli, read from its scripts: method,
/// path with its trailing slashes, <c>pretty=true</c>, paging, JSON or form body, an empty JSON POST), sent as they are
/// to the real service, and the envelope fields each command reads checked in the answer. They run wherever the tests
/// run, CI included, where the client itself cannot be fetched (<see cref="AgaveCliJobCommandsTests"/> runs it).
/// </summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed class AgaveCliJobRequestsTests(SharedServiceFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_requests_of_submit_list_status_history_resubmit_hide_and_unhide_answer_what_the_client_reads()
    {
        var user = Unique("gina");
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);

        // jobs-submit -F job.json: the file as the body of POST .../jobs/v2/?pretty=true.
        var submit = await Success(api, HttpMethod.Post, "jobs/v2/?pretty=true",
            Json(new { name = "replayed", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "r" } }));
        var id = submit.Result.GetProperty("id").GetString()!;
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        // jobs-list [-l 5 -o 0]: result[].id and result[].status.
        var list = await Success(api, HttpMethod.Get, "jobs/v2/?pretty=true&limit=5&offset=0");
        Assert.Equal([(id, "FINISHED")], list.Result.EnumerateArray().Select(job => (Text(job, "id"), Text(job, "status"))));

        // jobs-status ID: result.status; jobs-history ID: result[].description.
        Assert.Equal("FINISHED", Text((await Success(api, HttpMethod.Get, $"jobs/v2/{id}/status?pretty=true")).Result, "status"));
        var history = await Success(api, HttpMethod.Get, $"jobs/v2/{id}/history?pretty=true");
        Assert.All(history.Result.EnumerateArray(), item => Assert.False(string.IsNullOrWhiteSpace(Text(item, "description"))));
        Assert.Contains(history.Result.EnumerateArray(), item => Text(item, "status") == "FINISHED");

        // jobs-resubmit ID: an empty POST with a JSON content type; result.id is the new job.
        var resubmit = await Success(api, HttpMethod.Post, $"jobs/v2/{id}/resubmit?pretty=true", EmptyJson());
        var copy = Text(resubmit.Result, "id");
        Assert.NotEqual(id, copy);
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(copy, JobTimeout));

        // jobs-hide ID and jobs-unhide ID: empty JSON POSTs; unhide's result.id and result.status.
        await Success(api, HttpMethod.Post, $"jobs/v2/{id}/hide?pretty=true", EmptyJson());
        Assert.Equal([copy], (await Success(api, HttpMethod.Get, "jobs/v2/?pretty=true")).Result.EnumerateArray().Select(job => Text(job, "id")));
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendRawAsync(HttpMethod.Get, $"jobs/v2/{id}/status?pretty=true")).Status);
        var unhide = await Success(api, HttpMethod.Post, $"jobs/v2/{id}/unhide?pretty=true", EmptyJson());
        Assert.Equal((id, "FINISHED"), (Text(unhide.Result, "id"), Text(unhide.Result, "status")));
    }

    [Fact]
    public async Task The_request_of_stop_cancels_a_running_job()
    {
        var user = Unique("hank");
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await api.SubmitOkAsync(new { name = "replayed-stop", appId = E2eCatalog.SleepApp, archive = false });
        await api.WaitForStatusAsync(id, status => status == "RUNNING", JobTimeout, "RUNNING");

        // jobs-stop ID: POST .../jobs/v2/ID?pretty=true with {"action":"stop"}.
        await Success(api, HttpMethod.Post, $"jobs/v2/{id}?pretty=true", new StringContent("""{"action":"stop"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("STOPPED", await api.WaitForTerminalAsync(id, JobTimeout));
    }

    [Fact]
    public async Task The_requests_of_pems_list_and_update_grant_and_revoke_with_form_fields()
    {
        var (owner, reader) = (Unique("ivy"), Unique("jack"));
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, owner);
        using var readerApi = fixture.Service.ClientFor(E2eCatalog.Tenant, reader);
        var id = await api.SubmitOkAsync(new { name = "replayed-pems", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "p" } });
        // A job is visible (and can be shared) once it has left ACCEPTED.
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        // jobs-pems-update -u USER -p READ ID: form field permission=READ to .../pems/USER?pretty=true.
        await Success(api, HttpMethod.Post, $"jobs/v2/{id}/pems/{reader}?pretty=true", Form("READ"));
        // jobs-pems-list ID: .../pems/?pretty=true; result[].username, result[].permission.read and .write.
        var pems = await Success(api, HttpMethod.Get, $"jobs/v2/{id}/pems/?pretty=true");
        Assert.Equal(
            [(owner, true, true), (reader, true, false)],
            pems.Result.EnumerateArray().Select(item => (Text(item, "username"), Flag(item, "read"), Flag(item, "write"))));
        Assert.Equal(HttpStatusCode.OK, (await readerApi.GetStatusAsync(id)).Status);

        await Success(api, HttpMethod.Post, $"jobs/v2/{id}/pems/{reader}?pretty=true", Form("NONE"));
        pems = await Success(api, HttpMethod.Get, $"jobs/v2/{id}/pems/?pretty=true");
        Assert.Equal([owner], pems.Result.EnumerateArray().Select(item => Text(item, "username")));
        Assert.Equal(HttpStatusCode.NotFound, (await readerApi.GetStatusAsync(id)).Status);
    }

    [Fact]
    public async Task The_requests_of_search_output_list_and_output_get_answer_what_the_client_reads()
    {
        var user = Unique("kate");
        using var api = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await api.SubmitOkAsync(new { name = "replayed-outputs", appId = E2eCatalog.OutputsApp, archive = false, parameters = new { seconds = "0" } });
        Assert.Equal("FINISHED", await api.WaitForTerminalAsync(id, JobTimeout));

        // jobs-search TERM…: curl -G --data pretty=true --data TERM to .../jobs/v2/; result[].id.
        foreach (var query in new[] { "pretty=true&status.eq=FINISHED", "pretty=true&name.like=replayed-out*&appId=outputs-1.0" })
        {
            var found = await Success(api, HttpMethod.Get, $"jobs/v2/?{query}");
            Assert.Equal([id], found.Result.EnumerateArray().Select(job => Text(job, "id")));
        }

        // jobs-output-list [-L] ID [PATH]: .../outputs/listings/PATH?pretty=true&limit&offset; result[].name, and with -L
        // .type, .length and .lastModified.
        var listing = await Success(api, HttpMethod.Get, $"jobs/v2/{id}/outputs/listings/?pretty=true&limit=100&offset=0");
        Assert.Contains(listing.Result.EnumerateArray(), item => Text(item, "name") == "hello.txt" && Text(item, "type") == "file"
            && item.GetProperty("length").GetInt64() == 14 && Text(item, "lastModified").Length > 0);
        var sub = await Success(api, HttpMethod.Get, $"jobs/v2/{id}/outputs/listings/out?pretty=true&limit=100&offset=0");
        Assert.Equal(["big.dat", "deep"], sub.Result.EnumerateArray().Select(item => Text(item, "name")));

        // jobs-output-get [-R a-b] ID PATH: .../outputs/media/PATH (curl -r for a range); with -r it walks the listing and
        // appends each item's path (leading '/') to .../outputs/media.
        var hello = await api.DownloadAsync($"jobs/v2/{id}/outputs/media/hello.txt");
        Assert.Equal("hello outputs\n", hello.Text);
        var range = await api.DownloadAsync($"jobs/v2/{id}/outputs/media/hello.txt", "bytes=0-4");
        Assert.True(range.Status == HttpStatusCode.PartialContent && range.Text == "hello", range.ToString());
        foreach (var item in sub.Result.EnumerateArray().Where(item => Text(item, "type") == "file"))
        {
            var file = await api.DownloadAsync($"jobs/v2/{id}/outputs/media{Text(item, "path")}");
            Assert.True(file.Status == HttpStatusCode.OK && file.Body.Length == item.GetProperty("length").GetInt64(), $"{Text(item, "path")}: {file}");
        }
    }

    /// <summary>Sends the request and checks what every command checks first: the envelope's status is "success".</summary>
    private static async Task<ApiResponse> Success(JobsClient api, HttpMethod method, string path, HttpContent? content = null)
    {
        var answer = await api.SendRawAsync(method, path, content);
        Assert.True(answer.Body.ValueKind == JsonValueKind.Object && Text(answer.Body, "status") == "success", $"{method} {path}: {answer}");
        return answer;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static StringContent EmptyJson() => new("", Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(string permission) => new([new KeyValuePair<string, string>("permission", permission)]);

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static bool Flag(JsonElement item, string name) => item.GetProperty("permission").GetProperty(name).GetBoolean();

    private static string Unique(string name) => $"{name}{Guid.NewGuid():N}"[..16];
}
