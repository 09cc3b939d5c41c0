using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Queues.Routing;
using AloeOrleans.Grains.Submission;
using AloeOrleans.Bench.QueueRouting;

// dotnet run -c Release --project bench/QueueRouting -- [queues=50] [submissions=200000] [--write-file PATH]
// The cost of routing one submission (filter values + every filter tried) with N queues, against one queue, measured
// in this process; with --write-file it also writes the N queues of tenant dev as a JobQueueDefinitions file.
var queueCount = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var q) ? q : 50;
var submissions = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var s) ? s : 200_000;
var writeAt = Array.IndexOf(args, "--write-file");
if (writeAt >= 0 && writeAt + 1 < args.Length)
{
    var definitions = BenchQueues.For("dev", queueCount).Select(queue => new
    {
        name = queue.Name, tenantId = queue.TenantId, priority = queue.Priority, filter = queue.Filter, numWorkers = queue.NumWorkers,
        maxMessages = queue.MaxMessages,
    });
    File.WriteAllText(args[writeAt + 1], JsonSerializer.Serialize(definitions, new JsonSerializerOptions { WriteIndented = true }));
}

var submission = new ValidatedSubmission
{
    TenantId = "dev",
    Owner = "bench",
    Roles = "Internal/everyone",
    Spec = new JobSpec
    {
        Name = "bench", AppId = "wc-1.0", AppUuid = "bench", SystemId = "local",
        Archive = new JobArchiveRequest { Enabled = false, Path = "", SystemId = "" },
    },
};

var parse = Stopwatch.StartNew();
var table = TenantRoutingTable.Build("dev", BenchQueues.For("dev", queueCount));
parse.Stop();
var single = TenantRoutingTable.Build("dev", BenchQueues.For("dev", 1));
if (table.Route(QueueFilterInput.For(submission, DateTimeOffset.UtcNow)).Queue != single.DefaultQueue)
{
    throw new InvalidOperationException("a benchmark filter matched; every submission must fall through to the DefaultQueue");
}

double PerSubmission(TenantRoutingTable routes)
{
    var now = DateTimeOffset.UtcNow;
    for (var i = 0; i < 10_000; i++)
    {
        routes.Route(QueueFilterInput.For(submission, now));
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < submissions; i++)
    {
        routes.Route(QueueFilterInput.For(submission, now));
    }

    return clock.Elapsed.TotalMicroseconds / submissions;
}

var baseline = PerSubmission(single);
var many = PerSubmission(table);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parsing {queueCount} filters once: {parse.Elapsed.TotalMilliseconds:0.00} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"routing with 1 queue: {baseline:0.00} µs per submission"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"routing with {queueCount} queues (all {queueCount - 1} filters false): {many:0.00} µs per submission"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"extra cost of {queueCount} queues: {many - baseline:0.00} µs per submission ({many / baseline:0.0}x the 1-queue routing)"));
