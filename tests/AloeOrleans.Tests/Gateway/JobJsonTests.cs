using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

public sealed class JobJsonTests
{
    private static readonly JobLinks Links = new("https://api.example.org");

    [Fact]
    public void Full_object_has_exactly_the_seed_fields_in_order()
    {
        var json = JobJson.ToJson(TestJobs.Make(), Links);

        string[] expected =
        [
            "id", "name", "tenantId", "tenantQueue", "status", "lastStatusMessage", "accepted", "created", "ended",
            "lastUpdated", "owner", "roles", "systemId", "appId", "appUuid", "workPath", "archive", "archivePath",
            "archiveSystem", "nodeCount", "processorsPerNode", "memoryPerNode", "maxHours", "inputs", "parameters",
            "remoteJobId", "schedulerJobId", "remoteQueue", "remoteSubmitted", "remoteStarted", "remoteEnded",
            "remoteOutcome", "submitRetries", "remoteStatusChecks", "failedStatusChecks", "lastStatusCheck",
            "blockedCount", "visible", "_links",
        ];
        Assert.Equal(expected, json.Select(property => property.Key).ToArray());
    }

    [Fact]
    public void Id_is_the_uuid_and_secrets_and_bookkeeping_stay_inside()
    {
        var job = TestJobs.Make();

        var text = JobJson.ToJson(job, Links).ToJsonString();

        Assert.Equal(job.Uuid.ToString(), (string?)JobJson.ToJson(job, Links)["id"]);
        Assert.DoesNotContain("updateToken", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-update-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("idempotencyKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"version\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_have_their_wire_types_and_formats()
    {
        var json = JobJson.ToJson(TestJobs.Make(), Links);

        Assert.Equal("2026-11-28T07:55:22.123+00:00", (string?)json["accepted"]);
        Assert.Equal("2026-11-28T07:55:23.123+00:00", (string?)json["created"]);
        Assert.Null(json["ended"]);
        Assert.Null(json["remoteOutcome"]);
        Assert.Equal("RUNNING", (string?)json["status"]);
        Assert.Equal("r1,r2", (string?)json["roles"]);
        Assert.Equal(1.5, (double)json["memoryPerNode"]!);
        Assert.Equal(0.5, (double)json["maxHours"]!);
        Assert.Equal(1, (int)json["nodeCount"]!);
        Assert.True((bool)json["archive"]!);
        Assert.Equal("agave://storage/a.txt", (string?)json["inputs"]!["in1"]);
        Assert.Equal(3, (int)json["parameters"]!["p"]!);
    }

    [Fact]
    public void Timestamps_keep_their_offset()
    {
        var local = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(-6));

        Assert.Equal("2026-01-02T03:04:05.006-06:00", JobJson.Timestamp(local));
        Assert.Null(JobJson.Timestamp(null));
    }

    [Fact]
    public void Links_are_absolute_and_point_at_the_live_outputs_until_archived()
    {
        var job = TestJobs.Make() is var made ? made with { Spec = made.Spec with { AppId = "hello world-1.0" } } : null!;
        var id = job.Uuid;

        var links = JobJson.ToJson(job, Links)["_links"]!;

        Assert.Equal(
            ["self", "app", "executionSystem", "archiveSystem", "archiveData", "owner", "permissions", "history", "notifications"],
            links.AsObject().Select(link => link.Key).ToArray());
        Assert.Equal($"https://api.example.org/jobs/v2/{id}", (string?)links["self"]!["href"]);
        Assert.Equal("https://api.example.org/apps/v2/hello%20world-1.0", (string?)links["app"]!["href"]);
        Assert.Equal("https://api.example.org/systems/v2/local", (string?)links["executionSystem"]!["href"]);
        Assert.Equal("https://api.example.org/systems/v2/storage", (string?)links["archiveSystem"]!["href"]);
        Assert.Equal($"https://api.example.org/jobs/v2/{id}/outputs/listings", (string?)links["archiveData"]!["href"]);
        Assert.Equal("https://api.example.org/profiles/v2/alice", (string?)links["owner"]!["href"]);
        Assert.Equal($"https://api.example.org/jobs/v2/{id}/pems", (string?)links["permissions"]!["href"]);
        Assert.Equal($"https://api.example.org/jobs/v2/{id}/history", (string?)links["history"]!["href"]);
        Assert.Equal($"https://api.example.org/notifications/v2/?associatedUuid={id}", (string?)links["notifications"]!["href"]);
    }

    [Fact]
    public void Finished_archived_job_links_to_its_output_listing_and_no_archive_system_is_an_empty_object()
    {
        var finished = TestJobs.Make(status: JobStatus.FINISHED);
        var archived = JobJson.ToJson(finished, Links)["_links"]!;
        Assert.Equal($"https://api.example.org/jobs/v2/{finished.Uuid}/outputs/listings", (string?)archived["archiveData"]!["href"]);

        var none = JobJson.ToJson(finished with { Spec = finished.Spec with { Archive = new JobArchiveRequest() } }, Links)["_links"]!;
        Assert.Equal("{}", none["archiveSystem"]!.ToJsonString());
        Assert.EndsWith("/outputs/listings", (string?)none["archiveData"]!["href"], StringComparison.Ordinal);
    }

    [Fact]
    public void List_item_and_status_have_their_short_shapes()
    {
        var job = TestJobs.Make();

        Assert.Equal(
            ["id", "name", "owner", "systemId", "appId", "created", "status", "remoteStarted", "ended", "_links"],
            JobJson.ToListItem(job, Links).Select(p => p.Key).ToArray());
        Assert.Equal(["self", "archiveData"], JobJson.ToListItem(job, Links)["_links"]!.AsObject().Select(p => p.Key).ToArray());

        var status = JobJson.ToStatus(job, Links);
        var self = "https://api.example.org/jobs/v2/" + job.Uuid;
        var expected = new JsonObject
        {
            ["id"] = job.Uuid.ToString(),
            ["status"] = "RUNNING",
            ["_links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = self } },
        };
        Assert.Equal(expected.ToJsonString(), status.ToJsonString());
    }
}
