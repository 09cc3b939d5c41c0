using System.Text.Json;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Submission;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// <see cref="ResubmissionRequest"/>: a job's spec written back as a submission request that the parser accepts and
/// that asks for the same things; and the scoping of a resubmission's <c>Idempotency-Key</c>.
/// </summary>
public sealed class ResubmissionRequestTests
{
    private static JobRecord Job(Func<JobSpec, JobSpec>? change = null)
    {
        var uuid = Guid.Parse("0190a3c2-0000-7000-8000-000000000042");
        var spec = new JobSpec
        {
            Name = "count words", AppId = "wc-1.0", AppUuid = "u-1", SystemId = "hpc",
            Resources = new JobResourceRequest { NodeCount = 2, ProcessorsPerNode = 4, MemoryPerNodeGb = 200.0 / 1024, MaxHours = 1.5 + (7.0 / 3600), RemoteQueue = "normal" },
            Inputs = """{"reads":["agave://store/alice/a.txt","https://example.org/b.txt"]}""",
            Parameters = """{"mode":"words","n":3,"verbose":true}""",
            Archive = new JobArchiveRequest { Enabled = true, SystemId = "store", Path = "alice/results; rm -rf /" },
            Notifications = """[{"event":"FINISHED","url":"alice@example.org","persistent":false}]""",
        };
        return new JobRecord
        {
            Uuid = uuid, TenantId = "dev", TenantQueue = "q", Owner = "alice", UpdateToken = "t", Status = JobStatus.FINISHED,
            Spec = change is null ? spec : change(spec),
        };
    }

    [Fact]
    public void The_body_parses_as_a_submission_asking_for_the_same_things()
    {
        var job = Job();

        var parsed = SubmissionRequestParser.Parse(ResubmissionRequest.BodyOf(job));

        Assert.Empty(parsed.Errors);
        var request = parsed.Request!;
        Assert.Equal(("count words", "wc-1.0", true, "alice/results; rm -rf /", "store", "normal"),
            (request.Name, request.AppId, request.Archive, request.ArchivePath, request.ArchiveSystem, request.BatchQueue));
        Assert.Equal((2, 4, (int?)null), (request.NodeCount, request.ProcessorsOnEachNode, request.ProcessorsPerNode));
        Assert.True(MemorySize.TryParseGb(request.MemoryPerNode!, out var gb, out _));
        Assert.Equal(200.0 / 1024, gb, 12);
        Assert.Equal("01:30:07", request.MaxRunTime);
        Assert.Equal(["agave://store/alice/a.txt", "https://example.org/b.txt"], request.Inputs["reads"]);
        Assert.Equal(["mode", "n", "verbose"], request.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, request.Parameters["n"].GetInt32());
        Assert.True(request.Parameters["verbose"].GetBoolean());
        Assert.Equal(new NotificationRequest("FINISHED", "alice@example.org", false), Assert.Single(request.Notifications));
    }

    [Fact]
    public void The_old_jobs_default_archive_path_becomes_the_new_jobs_default()
    {
        var job = Job();
        var defaulted = job with { Spec = job.Spec with { Archive = job.Spec.Archive with { Path = $"alice/archive/jobs/job-{job.Uuid}" } } };

        var request = SubmissionRequestParser.Parse(ResubmissionRequest.BodyOf(defaulted)).Request!;

        Assert.Equal("", request.ArchivePath);
    }

    [Fact]
    public void A_job_without_archive_memory_run_time_or_queue_asks_for_none_of_them()
    {
        var job = Job(spec => spec with
        {
            Archive = new JobArchiveRequest { Enabled = false },
            Resources = new JobResourceRequest(),
            Inputs = "{}", Parameters = "{}", Notifications = "[]",
        });

        using var body = JsonDocument.Parse(ResubmissionRequest.BodyOf(job));

        var names = body.RootElement.EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(["name", "appId", "archive", "nodeCount", "processorsOnEachNode", "inputs", "parameters", "notifications"], names);
        Assert.Empty(SubmissionRequestParser.Parse(ResubmissionRequest.BodyOf(job)).Errors);
    }

    [Theory]
    [InlineData(1.0, "1GB")]
    [InlineData(0.5, "0.5GB")]
    [InlineData(1.0 / (1024 * 1024), "0.000000953674316406")]
    public void Memory_is_a_plain_decimal_that_reads_back_the_same(double gb, string expectedStart)
    {
        var text = ResubmissionRequest.MemoryText(gb);

        Assert.StartsWith(expectedStart, text, StringComparison.Ordinal);
        Assert.DoesNotContain("E", text, StringComparison.Ordinal);
        Assert.True(MemorySize.TryParseGb(text, out var parsed, out var error), error);
        Assert.Equal(gb, parsed, 12);
    }

    [Theory]
    [InlineData(10.0 / 60, "00:10:00")]
    [InlineData(48.5, "48:30:00")]
    [InlineData(1.0 / 3600, "00:00:01")]
    public void Run_time_is_HH_mm_ss_to_the_second(double hours, string expected) =>
        Assert.Equal(expected, ResubmissionRequest.RunTimeText(hours));

    [Fact]
    public void Resubmission_keys_are_scoped_to_the_job_and_always_fit()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var longKey = new string('k', IdempotencyKeyHeader.MaxLength);

        var scoped = IdempotencyKeyHeader.ForResubmission(first, longKey);

        Assert.Equal(scoped, IdempotencyKeyHeader.ForResubmission(first, longKey));
        Assert.NotEqual(scoped, IdempotencyKeyHeader.ForResubmission(second, longKey));
        Assert.NotEqual(scoped, IdempotencyKeyHeader.ForResubmission(first, "other"));
        Assert.True(scoped.Length <= IdempotencyKeyHeader.MaxLength);
        Assert.StartsWith($"resubmit:{first}:", scoped, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_is_read_within_its_limit()
    {
        var context = new DefaultHttpContext();
        Assert.True(IdempotencyKeyHeader.TryRead(context.Request, out var none, out _));
        Assert.Null(none);

        context.Request.Headers[IdempotencyKeyHeader.Name] = "abc";
        Assert.True(IdempotencyKeyHeader.TryRead(context.Request, out var key, out _));
        Assert.Equal("abc", key);

        context.Request.Headers[IdempotencyKeyHeader.Name] = new string('x', IdempotencyKeyHeader.MaxLength + 1);
        Assert.False(IdempotencyKeyHeader.TryRead(context.Request, out _, out var error));
        Assert.Contains("Idempotency-Key", error, StringComparison.Ordinal);
        Assert.Contains("255", error, StringComparison.Ordinal);
    }
}
