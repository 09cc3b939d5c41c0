using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>The sample app wc-1.0 from submission to archive through the real service, with every job field checked.</summary>
[NeedsServers]
[Collection(EndToEndCollection.Name)]
public sealed partial class HappyPathTests(SharedServiceFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] HappyPath =
    [
        "ACCEPTED", "PENDING", "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "RUNNING",
        "CLEANING_UP", "ARCHIVING", "FINISHED",
    ];

    private static readonly string[] JobFields =
    [
        "id", "name", "tenantId", "tenantQueue", "status", "lastStatusMessage", "accepted", "created", "ended",
        "lastUpdated", "owner", "roles", "systemId", "appId", "appUuid", "workPath", "archive", "archivePath",
        "archiveSystem", "nodeCount", "processorsPerNode", "memoryPerNode", "maxHours", "inputs", "parameters",
        "remoteJobId", "schedulerJobId", "remoteQueue", "remoteSubmitted", "remoteStarted", "remoteEnded",
        "remoteOutcome", "submitRetries", "remoteStatusChecks", "failedStatusChecks", "lastStatusCheck", "blockedCount",
        "visible", "_links",
    ];

    [Fact]
    public async Task Wc_job_with_an_http_input_runs_to_FINISHED_with_every_field_and_the_archived_result()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice", "Internal/subscriber");
        var inputUrl = fixture.Files.Add($"words-{Guid.NewGuid():N}.txt", "one two three\nfour five\n"u8.ToArray());

        var submitted = await alice.SubmitAsync(new
        {
            name = "count",
            appId = "wc-1.0",
            archive = true,
            archivePath = "",
            inputs = new { inputFile = inputUrl },
            parameters = new { mode = "words" },
        });
        Assert.True(submitted.Status == HttpStatusCode.Created, $"submit: {submitted}");
        Assert.Equal("success", submitted.Body.GetProperty("status").GetString());
        Assert.Equal("ACCEPTED", submitted.Result.GetProperty("status").GetString());
        var id = submitted.Result.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _), $"id {id} is not a UUID");
        Assert.True(submitted.Location?.ToString().EndsWith($"/jobs/v2/{id}", StringComparison.Ordinal) == true,
            $"Location header {submitted.Location} does not name the job");

        var final = await alice.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");

        // The exact sequence of statuses; the "Staged input" progress records are events of their own (STAGING_PROGRESS).
        var statuses = await alice.HistoryStatusesAsync(id);
        var collapsed = statuses.Where((status, i) => i == 0 || status != statuses[i - 1]).ToList();
        Assert.True(HappyPath.SequenceEqual(collapsed), $"history {string.Join(", ", statuses)}");
        Assert.True(statuses.Count(s => s == "STAGING_INPUTS") <= 2, $"history {string.Join(", ", statuses)}");
        var all = (await alice.GetHistoryAsync(id)).Result.EnumerateArray().ToList();
        var progress = all.Where(e => e.GetProperty("status").GetString() == "STAGING_PROGRESS").ToList();
        Assert.True(progress.Count == 1 && progress[0].GetProperty("description").GetString()!.StartsWith("Staged input", StringComparison.Ordinal),
            $"history {string.Join(", ", all.Select(e => e.GetProperty("status").GetString()))}");
        var events = all.Where(e => e.GetProperty("status").GetString() != "STAGING_PROGRESS").ToList();
        for (var i = 1; i < events.Count; i++)
        {
            var (from, to) = (events[i - 1].GetProperty("status").GetString(), events[i].GetProperty("status").GetString());
            var description = events[i].GetProperty("description").GetString()!;
            Assert.True(from == to || description.StartsWith($"Transitioning from status {from} to {to} in phase ", StringComparison.Ordinal),
                $"event {i} ({to}) has description '{description}'");
            Assert.True(Time(events[i - 1], "created") <= Time(events[i], "created"), $"history not in event order at {i}");
            Assert.False(string.IsNullOrEmpty(events[i].GetProperty("createdBy").GetString()), $"event {i} has no createdBy");
        }

        var response = await alice.GetJobAsync(id);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var job = response.Result;
        output.WriteLine($"Job: {job}");
        output.WriteLine($"History: {(await alice.GetHistoryAsync(id)).Result}");
        output.WriteLine($"List: {(await alice.ListAsync()).Result}");
        var context = $"job: {job}";

        var present = job.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.True(JobFields.All(present.Contains), $"missing {string.Join(", ", JobFields.Where(f => !present.Contains(f)))}; {context}");
        Assert.False(present.Contains("updateToken"), context);

        Assert.Equal(id, Str(job, "id"));
        Assert.Equal("count", Str(job, "name"));
        Assert.Equal("dev", Str(job, "tenantId"));
        Assert.Equal("aloe.jobq.dev.submit.DefaultQueue", Str(job, "tenantQueue"));
        Assert.Equal("FINISHED", Str(job, "status"));
        Assert.False(string.IsNullOrWhiteSpace(Str(job, "lastStatusMessage")), context);
        Assert.Equal("alice", Str(job, "owner"));
        Assert.Contains("Internal/subscriber", Str(job, "roles"), StringComparison.Ordinal);
        Assert.Equal("local", Str(job, "systemId"));
        Assert.Equal("wc-1.0", Str(job, "appId"));
        Assert.True(Guid.TryParse(Str(job, "appUuid"), out _), context);

        var accepted = Time(job, "accepted");
        var created = Time(job, "created");
        var remoteSubmitted = Time(job, "remoteSubmitted");
        var remoteStarted = Time(job, "remoteStarted");
        var remoteEnded = Time(job, "remoteEnded");
        var ended = Time(job, "ended");
        var lastUpdated = Time(job, "lastUpdated");
        DateTimeOffset[] ordered = [accepted, created, remoteSubmitted, remoteStarted, remoteEnded, ended, lastUpdated];
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i - 1] <= ordered[i],
                $"accepted ≤ created ≤ remoteSubmitted ≤ remoteStarted ≤ remoteEnded ≤ ended ≤ lastUpdated broken at {i}; {context}");
        }

        var workDir = LocalLayout.WorkDir(service.DataDir, "alice", id);
        Assert.True(Directory.Exists(workDir), $"work dir {workDir} missing; {context}");
        var workPath = Str(job, "workPath");
        Assert.True(workPath == workDir || workDir.EndsWith("/" + workPath.Trim('/'), StringComparison.Ordinal),
            $"workPath {workPath} does not name {workDir}");

        Assert.True(job.GetProperty("archive").GetBoolean(), context);
        Assert.Equal($"alice/archive/jobs/job-{id}", Str(job, "archivePath").Trim('/'));
        Assert.Equal("local-storage", Str(job, "archiveSystem"));
        Assert.Equal(1, job.GetProperty("nodeCount").GetInt32());
        Assert.Equal(1, job.GetProperty("processorsPerNode").GetInt32());
        Assert.Equal(JsonValueKind.Number, job.GetProperty("memoryPerNode").ValueKind);
        Assert.True(job.GetProperty("memoryPerNode").GetDecimal() >= 0, context);
        Assert.Equal(10m / 60m, job.GetProperty("maxHours").GetDecimal(), 4);

        var inputs = job.GetProperty("inputs");
        Assert.Equal(JsonValueKind.Object, inputs.ValueKind);
        var inputValue = inputs.GetProperty("inputFile");
        var inputText = inputValue.ValueKind == JsonValueKind.Array ? inputValue[0].GetString() : inputValue.GetString();
        Assert.Equal(inputUrl, inputText);
        Assert.Equal("""{"mode":"words"}""", JsonSerializer.Serialize(job.GetProperty("parameters")));

        var remoteJobId = Str(job, "remoteJobId");
        Assert.True(int.TryParse(remoteJobId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1, context);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("schedulerJobId").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("remoteQueue").ValueKind);
        Assert.Equal("FINISHED", Str(job, "remoteOutcome"));
        Assert.Equal(1, job.GetProperty("submitRetries").GetInt32());
        Assert.True(job.GetProperty("remoteStatusChecks").GetInt32() >= 1, context);
        Assert.Equal(0, job.GetProperty("failedStatusChecks").GetInt32());
        var lastStatusCheck = Time(job, "lastStatusCheck");
        Assert.True(remoteSubmitted <= lastStatusCheck && lastStatusCheck <= lastUpdated, context);
        Assert.Equal(0, job.GetProperty("blockedCount").GetInt32());
        Assert.True(job.GetProperty("visible").GetBoolean(), context);
        var links = job.GetProperty("_links");
        var expectedLinks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["self"] = $"jobs/v2/{id}",
            ["app"] = "apps/v2/wc-1.0",
            ["executionSystem"] = "systems/v2/local",
            ["archiveSystem"] = "systems/v2/local-storage",
            ["archiveData"] = $"jobs/v2/{id}/outputs/listings",
            ["owner"] = "profiles/v2/alice",
            ["permissions"] = $"jobs/v2/{id}/pems",
            ["history"] = $"jobs/v2/{id}/history",
            ["notifications"] = $"notifications/v2/?associatedUuid={id}",
        };
        foreach (var (rel, path) in expectedLinks)
        {
            var href = links.GetProperty(rel).GetProperty("href").GetString()!;
            Assert.True(Uri.IsWellFormedUriString(href, UriKind.Absolute) && href.EndsWith("/" + path, StringComparison.Ordinal),
                $"_links.{rel} = {href}, expected an absolute URL ending in /{path}");
        }

        var archived = Path.Combine(LocalLayout.Archive(service.DataDir, "alice", id), "wc.txt");
        Assert.True(File.Exists(archived), $"{archived} missing; {context}");
        Assert.Equal("5", (await File.ReadAllTextAsync(archived)).Trim());
        var archivedNames = Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(archived)!).Select(Path.GetFileName).ToList();
        var stagedInput = new Uri(inputUrl).Segments[^1];
        Assert.True(!archivedNames.Contains(stagedInput) && !archivedNames.Contains(".aloe"),
            $"the archive holds the staged input or the control folder: {string.Join(", ", archivedNames)}");
        Assert.Contains(new Uri(inputUrl).AbsolutePath.TrimStart('/'), fixture.Files.Requests);

        var list = await alice.ListAsync();
        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        Assert.Contains(list.Result.EnumerateArray(), item => item.GetProperty("id").GetString() == id);

        using var bob = service.ClientFor(E2eCatalog.Tenant, "bob");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetJobAsync(id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetHistoryAsync(id)).Status);
        Assert.DoesNotContain((await bob.ListAsync()).Result.EnumerateArray(), item => item.GetProperty("id").GetString() == id);

        using var otherTenantAlice = service.ClientFor("other", "alice");
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenantAlice.GetJobAsync(id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenantAlice.GetStatusAsync(id)).Status);
    }

    private static string Str(JsonElement job, string name) =>
        job.GetProperty(name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new Xunit.Sdk.XunitException($"{name} is not a string in {job}");

    private static DateTimeOffset Time(JsonElement job, string name)
    {
        var text = Str(job, name);
        Assert.True(OffsetSuffix().IsMatch(text), $"{name} = {text} has no UTC offset");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"T\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")]
    private static partial Regex OffsetSuffix();
}
