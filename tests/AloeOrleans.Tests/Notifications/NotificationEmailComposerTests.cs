using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>The e-mail of a notification: Agave's subject, every field in both bodies, user text encoded and kept on its line.</summary>
public sealed class NotificationEmailComposerTests
{
    private static readonly Guid JobId = Guid.Parse("0b6d5a4e-9e51-4c1f-8c5b-3a0f7e2d9c11");

    private static readonly JobNotificationContext Context = new()
    {
        JobUuid = JobId,
        Event = "FINISHED",
        Status = "FINISHED",
        TenantId = "dev",
        Owner = "alice",
        Name = "<script>alert(1)</script> & \"'",
        AppId = "wc-1.0",
        SystemId = "hpc",
        Message = "line one\r\nOutput URL: https://evil.example/",
        JobUrl = $"https://aloe.example/jobs/v2/{JobId}",
        ArchivePath = "archive/jobs/job-1",
        ArchiveUrl = $"https://aloe.example/jobs/v2/{JobId}/outputs/listings",
        SubmitTime = new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero),
        StartTime = null,
        EndTime = new DateTimeOffset(2026, 12, 4, 2, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public void The_subject_is_agaves()
    {
        Assert.Equal($"Job {JobId} received a FINISHED event", NotificationEmailComposer.Compose(Context).Subject);
    }

    [Fact]
    public void No_control_character_reaches_the_subject()
    {
        var subject = NotificationEmailComposer.Compose(Context with { Event = "FINISHED\r\nBcc: x@example.org" }).Subject;

        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
    }

    [Fact]
    public void The_text_body_lists_every_field_on_its_own_line()
    {
        var lines = NotificationEmailComposer.Compose(Context).TextBody.Split('\n');

        Assert.Contains($"Name: {Context.Name}", lines);
        Assert.Contains($"Job ID: {JobId}", lines);
        Assert.Contains("App ID: wc-1.0", lines);
        Assert.Contains("Execution system: hpc", lines);
        Assert.Contains("Status: FINISHED", lines);
        Assert.Contains("Message: line one  Output URL: https://evil.example/", lines);
        Assert.Contains("Submit time: 2026-12-04T01:00:00.000Z", lines);
        Assert.Contains("Start time: -", lines);
        Assert.Contains("End time: 2026-12-04T02:30:00.000Z", lines);
        Assert.Contains("Output path: archive/jobs/job-1", lines);
        Assert.Contains($"Output URL: https://aloe.example/jobs/v2/{JobId}/outputs/listings", lines);
        Assert.Contains($"Job URL: https://aloe.example/jobs/v2/{JobId}", lines);
        Assert.Single(lines, line => line.StartsWith("Output URL: ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_html_body_has_the_same_fields_encoded()
    {
        var html = NotificationEmailComposer.Compose(Context).HtmlBody;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;", html, StringComparison.Ordinal);
        foreach (var label in new[] { "Name", "Job ID", "App ID", "Execution system", "Status", "Message", "Submit time", "Start time", "End time", "Output path", "Output URL", "Job URL" })
        {
            Assert.Contains($"<th align=\"left\">{label}</th>", html, StringComparison.Ordinal);
        }

        Assert.Contains(JobId.ToString(), html, StringComparison.Ordinal);
    }
}
