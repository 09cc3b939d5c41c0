using System.Globalization;
using System.Text.Json;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The submission request that resubmits a job (docs/api.md, "Resubmitting a job"): its spec as it was accepted (app
/// defaults applied, units normalised), written back in the request's own form, so that it goes through every rule of a
/// new submission against today's catalog. Pure.
/// <list type="bullet">
/// <item>Same name, app, inputs, parameters, notifications, archive flag and archive system; same nodes, processors on
/// each node, memory, run time and remote queue.</item>
/// <item>An archive path that was the service's default for the old job (<c>&lt;owner&gt;/archive/jobs/job-&lt;old
/// uuid&gt;</c>) is asked as <c>""</c>, the default of the new job, so that the new job's outputs do not land in the old
/// job's folder; a path the user gave is kept.</item>
/// </list>
/// </summary>
public static class ResubmissionRequest
{
    public static byte[] BodyOf(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var spec = job.Spec;
        using var inputs = JsonDocument.Parse(spec.Inputs);
        using var parameters = JsonDocument.Parse(spec.Parameters);
        using var notifications = JsonDocument.Parse(spec.Notifications);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", spec.Name);
            writer.WriteString("appId", spec.AppId);
            writer.WriteBoolean("archive", spec.Archive.Enabled);
            if (spec.Archive.Enabled || spec.Archive.Path.Length > 0)
            {
                writer.WriteString("archivePath", spec.Archive.Path == JobPhases.DefaultArchivePath(job) ? "" : spec.Archive.Path);
            }

            if (spec.Archive.SystemId.Length > 0)
            {
                writer.WriteString("archiveSystem", spec.Archive.SystemId);
            }

            var resources = spec.Resources;
            if (resources.RemoteQueue is { Length: > 0 } queue)
            {
                writer.WriteString("batchQueue", queue);
            }

            writer.WriteNumber("nodeCount", resources.NodeCount);
            writer.WriteNumber("processorsOnEachNode", resources.ProcessorsPerNode);
            if (resources.MemoryPerNodeGb > 0)
            {
                writer.WriteString("memoryPerNode", MemoryText(resources.MemoryPerNodeGb));
            }

            if (resources.MaxHours > 0)
            {
                writer.WriteString("maxRunTime", RunTimeText(resources.MaxHours));
            }

            writer.WritePropertyName("inputs");
            inputs.RootElement.WriteTo(writer);
            writer.WritePropertyName("parameters");
            parameters.RootElement.WriteTo(writer);
            writer.WritePropertyName("notifications");
            notifications.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Gigabytes as a plain decimal (never an exponent, which the memory rule refuses) with the GB unit.</summary>
    public static string MemoryText(double gb) => ((decimal)gb).ToString(CultureInfo.InvariantCulture) + "GB";

    /// <summary>Hours as HH:mm:ss, to the nearest second (the stored hours came from whole seconds).</summary>
    public static string RunTimeText(double hours) =>
        RunTime.Format(TimeSpan.FromSeconds(Math.Round(Math.Min(hours, RunTime.Longest.TotalHours) * 3600)));
}
