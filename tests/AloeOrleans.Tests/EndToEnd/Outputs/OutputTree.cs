using System.Net;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Outputs;

/// <summary>
/// The outputs-1.0 app's tree and the checks of <c>/jobs/v2/{id}/outputs</c> over it, the same for every kind of system
/// (docs/api.md, "Job outputs"): listings in Agave's shape, downloads with their headers and one range, a folder refused,
/// and every way out of the job's folder (links, <c>..</c>, the control folder) answering nothing.
/// </summary>
public static class OutputTree
{
    /// <summary>The template: a small tree with links pointing out of it, <c>ready.txt</c> last, then a wait of <c>${seconds}</c>.</summary>
    public const string Template = """
        # outputs-1.0: a small tree of outputs with links pointing out of it, then waits ${seconds} s.
        mkdir -p out/deep
        printf 'hello outputs\n' > hello.txt
        head -c 102400 /dev/zero | tr '\0' 'a' > out/big.dat
        printf '{"k": 1}\n' > out/deep/data.json
        ln -s /etc/passwd passwd-link
        ln -s .. up-link
        ln -s out out-link
        printf 'ready\n' > ready.txt
        sleep ${seconds}
        """;

    public const string Hello = "hello outputs\n";

    /// <summary>Waits until the job's listing shows ready.txt: every file of the tree is then in place.</summary>
    public static async Task WaitForTreeAsync(JobsClient client, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ApiResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetAsync($"jobs/v2/{id}/outputs/listings");
            if (last.Status == HttpStatusCode.OK && Names(last).Contains("ready.txt"))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"job {id}'s outputs never showed ready.txt; last listing: {last}; history: {await client.DescribeHistoryAsync(id)}");
    }

    /// <summary>Every check of listings and downloads over the tree, read from <paramref name="systemId"/>.</summary>
    public static async Task AssertServedAsync(JobsClient client, string id, string systemId)
    {
        var outputs = $"jobs/v2/{id}/outputs";
        var root = await ListOkAsync(client, $"{outputs}/listings");
        var names = Names(root);
        Assert.Contains("hello.txt", names);
        Assert.Contains("out", names);
        foreach (var hidden in new[] { "passwd-link", "up-link", "out-link", ".aloe" })
        {
            Assert.DoesNotContain(hidden, names);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var hello = Item(root, "hello.txt");
        Assert.Equal(("/hello.txt", "file", 14L, "text/plain", "raw"),
            (Str(hello, "path"), Str(hello, "type"), hello.GetProperty("length").GetInt64(), Str(hello, "mimeType"), Str(hello, "format")));
        Assert.Contains(Str(hello, "permission"), new[] { "READ", "READ_WRITE" });
        Assert.True(DateTimeOffset.TryParse(Str(hello, "lastModified"), System.Globalization.CultureInfo.InvariantCulture, out _), hello.ToString());
        var links = hello.GetProperty("_links");
        Assert.EndsWith($"/jobs/v2/{id}/outputs/media/hello.txt", Str(links.GetProperty("self"), "href"), StringComparison.Ordinal);
        Assert.EndsWith($"/systems/v2/{systemId}", Str(links.GetProperty("system"), "href"), StringComparison.Ordinal);
        Assert.EndsWith($"/jobs/v2/{id}", Str(links.GetProperty("parent"), "href"), StringComparison.Ordinal);
        var outFolder = Item(root, "out");
        Assert.Equal(("/out", "dir", "folder"), (Str(outFolder, "path"), Str(outFolder, "type"), Str(outFolder, "format")));

        var sub = await ListOkAsync(client, $"{outputs}/listings/out");
        Assert.Equal(["big.dat", "deep"], Names(sub));
        Assert.Equal(("/out/big.dat", 102400L), (Str(Item(sub, "big.dat"), "path"), Item(sub, "big.dat").GetProperty("length").GetInt64()));
        Assert.Equal(["deep"], Names(await ListOkAsync(client, $"{outputs}/listings/out/?limit=1&offset=1")));
        Assert.Empty(Names(await ListOkAsync(client, $"{outputs}/listings/out?offset=2")));
        var one = await ListOkAsync(client, $"{outputs}/listings/out/deep/data.json");
        Assert.Equal(("data.json", "/out/deep/data.json", "application/json"), (Str(one.Result[0], "name"), Str(one.Result[0], "path"), Str(one.Result[0], "mimeType")));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{outputs}/listings?limit=0")).Status);

        var whole = await client.DownloadAsync($"{outputs}/media/hello.txt");
        Assert.True(whole.Status == HttpStatusCode.OK && whole.Text == Hello, whole.ToString());
        Assert.Equal(("text/plain", 14L, "bytes"), (whole.ContentType, whole.ContentLength, whole.AcceptRanges));
        Assert.NotNull(whole.LastModified);
        await AssertRangeAsync(client, $"{outputs}/media/hello.txt", "bytes=0-4", "hello", "bytes 0-4/14");
        await AssertRangeAsync(client, $"{outputs}/media/hello.txt", "bytes=-3", "ts\n", "bytes 11-13/14");
        await AssertRangeAsync(client, $"{outputs}/media/hello.txt", "bytes=6-", "outputs\n", "bytes 6-13/14");
        await AssertRangeAsync(client, $"{outputs}/media/hello.txt", "bytes=6-999", "outputs\n", "bytes 6-13/14");
        var past = await client.DownloadAsync($"{outputs}/media/hello.txt", "bytes=14-");
        Assert.True(past.Status == HttpStatusCode.RequestedRangeNotSatisfiable && past.ContentRange == "bytes */14", past.ToString());
        var several = await client.DownloadAsync($"{outputs}/media/hello.txt", "bytes=0-1,3-4");
        Assert.True(several.Status == HttpStatusCode.OK && several.Text == Hello, several.ToString());

        var big = await client.DownloadAsync($"{outputs}/media/out/big.dat");
        Assert.True(big.Status == HttpStatusCode.OK && big.Body.Length == 102400 && big.Body.All(b => b == (byte)'a'), big.ToString());
        var tail = await client.DownloadAsync($"{outputs}/media/out/big.dat", "bytes=100000-");
        Assert.True(tail.Status == HttpStatusCode.PartialContent && tail.Body.Length == 2400 && tail.ContentRange == "bytes 100000-102399/102400", tail.ToString());
        Assert.Equal("application/json", (await client.DownloadAsync($"{outputs}/media/out/deep/data.json")).ContentType);

        foreach (var folder in new[] { "out", "out/deep/", "" })
        {
            var refused = await client.GetAsync($"{outputs}/media/{folder}");
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.Message.Contains("is a folder", StringComparison.Ordinal)
                && refused.Message.Contains("outputs/listings", StringComparison.Ordinal), $"media/{folder}: {refused}");
        }

        // Nothing outside the job's folder, by link, by '..' (plain or encoded) or through the service's control folder.
        string[] outside =
        [
            "media/passwd-link", "listings/passwd-link", "listings/up-link", "media/up-link/passwd", "listings/up-link/",
            "media/out-link/big.dat", "listings/out-link", "media/.aloe/wrapper.sh", "listings/.aloe", "media/nope.txt",
            "listings/out/nope",
        ];
        foreach (var path in outside)
        {
            var answer = await client.DownloadAsync($"{outputs}/{path}");
            Assert.True(answer.Status == HttpStatusCode.NotFound && !answer.Text.Contains("root:", StringComparison.Ordinal), $"{path}: {answer}");
        }

        foreach (var path in new[] { "media/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "media/out/%2E%2E/%2E%2E/hello.txt", "listings/..%2F..%2F..", "media/..%2fhello.txt" })
        {
            var answer = await client.DownloadAsync($"{outputs}/{path}");
            Assert.True(answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound
                && !answer.Text.Contains("root:", StringComparison.Ordinal) && answer.Text != Hello, $"{path}: {answer}");
        }
    }

    public static List<string> Names(ApiResponse listing) =>
        [.. listing.Result.EnumerateArray().Select(item => item.GetProperty("name").GetString()!)];

    public static async Task<ApiResponse> ListOkAsync(JobsClient client, string path)
    {
        var listing = await client.GetAsync(path);
        Assert.True(listing.Status == HttpStatusCode.OK, $"{path}: {listing}");
        return listing;
    }

    private static async Task AssertRangeAsync(JobsClient client, string path, string range, string expected, string contentRange)
    {
        var part = await client.DownloadAsync(path, range);
        Assert.True(part.Status == HttpStatusCode.PartialContent && part.Text == expected && part.ContentRange == contentRange
            && part.ContentLength == expected.Length, $"{range}: {part}");
    }

    private static JsonElement Item(ApiResponse listing, string name) =>
        listing.Result.EnumerateArray().Single(item => item.GetProperty("name").GetString() == name);

    private static string Str(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
