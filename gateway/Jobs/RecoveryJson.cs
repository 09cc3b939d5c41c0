using System.Text.Json.Nodes;
using AloeOrleans.Grains.Recovery;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The wire shape of a recovery group (docs/api.md, "Recovery groups"): its URL-safe <c>id</c>, the test (condition,
/// tester, parameters), the policy as configured when the group began, its tests so far and the next, and its jobs:
/// how many, how many still wait, and (one group's route only) a page of them.
/// </summary>
public static class RecoveryJson
{
    public static JsonObject ToJson(RecoveryGroupView group, JobLinks links, bool withJobs)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(links);
        var id = RecoveryGroupIds.IdOf(group.Key);
        var json = new JsonObject
        {
            ["id"] = id,
            ["condition"] = group.Condition,
            ["tester"] = group.Tester,
            ["testerParameters"] = group.TesterParameters,
            ["policy"] = group.Policy,
            ["firstBlocked"] = JobJson.Timestamp(group.FirstBlocked),
            ["attempts"] = group.Attempts,
            ["lastTest"] = JobJson.Timestamp(group.LastAttempt),
            ["lastResult"] = group.LastResult,
            ["nextTest"] = JobJson.Timestamp(group.NextAttempt),
            ["jobCount"] = group.JobCount,
            ["waitingJobCount"] = group.WaitingJobCount,
        };
        if (withJobs)
        {
            json["jobs"] = new JsonArray(group.Jobs.Select(job => (JsonNode)new JsonObject
            {
                ["id"] = job.JobUuid.ToString(),
                ["blockedIn"] = job.BlockedIn,
                ["blockedAt"] = JobJson.Timestamp(job.BlockedAt),
                ["resumingSince"] = JobJson.Timestamp(job.ReleasedAt),
                ["_links"] = new JsonObject { ["self"] = Href(links.Self(job.JobUuid)) },
            }).ToArray());
        }

        json["_links"] = new JsonObject { ["self"] = Href($"{links.BaseUrl}jobs/v2/recovery/{id}") };
        return json;
    }

    private static JsonObject Href(string url) => new() { ["href"] = url };
}
