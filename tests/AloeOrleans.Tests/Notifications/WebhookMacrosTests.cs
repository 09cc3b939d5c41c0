using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.Notifications;

/// <summary>Webhook URL macros: every one resolved, the path taken as it is, the query encoded, the host never rewritten.</summary>
public sealed class WebhookMacrosTests
{
    private static readonly Guid JobId = Guid.Parse("6f1c9f84-2b0e-4c3a-9d55-0d6f0a2b7e11");

    private static readonly JobNotificationContext Context = new()
    {
        JobUuid = JobId,
        Event = "FINISHED",
        Status = "FINISHED",
        TenantId = "t1",
        Owner = "alice",
        Name = "sweep 1/2 & more?",
        AppId = "wc-1.0",
        SystemId = "hpc",
        Message = "done",
        JobUrl = $"https://aloe.example/jobs/v2/{JobId}",
        ArchivePath = "archive/jobs/x",
        ArchiveUrl = $"https://aloe.example/jobs/v2/{JobId}/outputs/listings",
        Error = "",
        SubmitTime = new DateTimeOffset(2026, 12, 4, 1, 2, 3, TimeSpan.FromHours(1)),
        StartTime = null,
        EndTime = new DateTimeOffset(2026, 12, 4, 5, 6, 7, 890, TimeSpan.Zero),
    };

    [Fact]
    public void Every_macro_has_a_value()
    {
        var values = WebhookMacros.Values(Context);

        Assert.Equal(WebhookMacros.Names.Order(), values.Keys.Order());
        Assert.Equal(JobId.ToString(), values["UUID"]);
        Assert.Equal(JobId.ToString(), values["JOB_ID"]);
        Assert.Equal("2026-12-04T00:02:03.000Z", values["JOB_SUBMIT_TIME"]);
        Assert.Equal("2026-12-04T05:06:07.890Z", values["JOB_END_TIME"]);
        Assert.Equal("", values["JOB_START_TIME"]);
        Assert.Equal("alice", values["OWNER"]);
        Assert.Equal("wc-1.0", values["APP_ID"]);
        Assert.Equal("hpc", values["JOB_SYSTEM"]);
    }

    [Fact]
    public void The_query_is_encoded_and_the_path_kept()
    {
        var url = WebhookMacros.Resolve("https://hooks.example/${OWNER}/${JOB_ID}/${EVENT}?name=${JOB_NAME}&s=${JOB_STATUS}&u=${JOB_URL}", Context);

        Assert.Equal($"https://hooks.example/alice/{JobId}/FINISHED?name=sweep%201%2F2%20%26%20more%3F&s=FINISHED&u=https%3A%2F%2Faloe.example%2Fjobs%2Fv2%2F{JobId}", url);
    }

    [Fact]
    public void A_path_value_cannot_start_a_query_or_fragment()
    {
        var url = WebhookMacros.Resolve("http://h/${JOB_NAME}/x", Context);

        Assert.Equal("http://h/sweep%201/2%20&%20more%3F/x", url);
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri));
        Assert.Equal("", uri!.Query);
    }

    [Fact]
    public void The_host_is_never_rewritten_and_unknown_macros_stay()
    {
        Assert.Equal("http://${OWNER}.evil/x", WebhookMacros.Resolve("http://${OWNER}.evil/x", Context));
        Assert.Equal("http://h/${NOPE}?a=${NOPE}", WebhookMacros.Resolve("http://h/${NOPE}?a=${NOPE}", Context));
        Assert.Equal("http://h/a${OWNER", WebhookMacros.Resolve("http://h/a${OWNER", Context));
        Assert.Equal("http://h", WebhookMacros.Resolve("http://h", Context));
    }

    [Fact]
    public void A_fragment_is_left_alone()
    {
        Assert.Equal("http://h/alice?e=FINISHED#${OWNER}", WebhookMacros.Resolve("http://h/${OWNER}?e=${EVENT}#${OWNER}", Context));
    }

    [Fact]
    public void Control_characters_in_a_value_are_encoded()
    {
        var url = WebhookMacros.Resolve("http://h/${JOB_NAME}", Context with { Name = "a\r\nb\u0000" });

        Assert.Equal("http://h/a%0D%0Ab%00", url);
    }
}
