using System.Text.Json;
using AloeOrleans.Silo.Commands;
using Microsoft.Extensions.Configuration;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// Runs <c>import-queues</c> and <c>tenant-admins</c> as an operator would (the silo's commands, here in-process) on a
/// running service's database, with definition files written to its data folder.
/// </summary>
internal static class QueueImport
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}{Error}";
    }

    /// <summary>A queue of tenant dev as a definitions file holds it.</summary>
    public static object Queue(string name, int priority, string filter, int numWorkers = 10, int maxMessages = 100) => new
    {
        name = $"aloe.jobq.dev.submit.{name}", tenantId = "dev", priority, filter, numWorkers, maxMessages,
    };

    public static string Name(string queue) => $"aloe.jobq.dev.submit.{queue}";

    public static string WriteFile(AloeServiceProcess service, string fileName, params object[] queues)
    {
        var path = Path.Combine(service.DataDir, fileName);
        File.WriteAllText(path, JsonSerializer.Serialize(queues));
        return path;
    }

    public static async Task<Outcome> RunAsync(AloeServiceProcess service, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ImportQueuesCommand.RunAsync([.. args, "--connection", service.ConnectionString], EmptyConfiguration(), output, error,
            CancellationToken.None);
        return new Outcome(exit, output.ToString(), error.ToString());
    }

    /// <summary>Imports <paramref name="queues"/> (as one file) and fails unless the import succeeded.</summary>
    public static async Task<Outcome> ImportOkAsync(AloeServiceProcess service, params object[] queues)
    {
        var outcome = await RunAsync(service, WriteFile(service, $"queues-{Guid.NewGuid():N}.json", queues), "--drain-to", Name("DefaultQueue"));
        Xunit.Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return outcome;
    }

    public static async Task<Outcome> TenantAdminsAsync(AloeServiceProcess service, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TenantAdminsCommand.RunAsync([.. args, "--connection", service.ConnectionString], EmptyConfiguration(), output, error,
            CancellationToken.None);
        return new Outcome(exit, output.ToString(), error.ToString());
    }

    private static IConfiguration EmptyConfiguration() => new ConfigurationBuilder().Build();
}
