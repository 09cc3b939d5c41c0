using System.Globalization;
using System.Text;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Queues.Import;
using AloeOrleans.Silo.Hosting;
using Npgsql;

namespace AloeOrleans.Silo.Commands;

/// <summary>
/// <c>import-queues FILE... [--dry-run] [--drain-to QUEUE]...</c>: the ImportQueueDefinitions program (docs/queues.md,
/// "Defining queues"). Reads every file (valid against <c>JobQueueDefinitions.json</c>), checks the rules across them,
/// and applies them in one transaction, printing each queue as created, updated, unchanged or removed; on any error it
/// prints every error (file, queue, rule) and changes nothing. Running services apply the change within a second.
/// Exit codes: 0 done (or dry run), 1 refused (nothing changed), 2 usage.
/// </summary>
public static class ImportQueuesCommand
{
    public const string Usage = "usage: import-queues FILE... [--dry-run] [--drain-to QUEUE]... [--connection CS]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var files = new List<string>();
        var drainTo = new List<string>();
        var dryRun = false;
        var connectionString = AloeConfiguration.FindConnectionString(configuration);
        for (var index = 0; index < args.Count; index++)
        {
            switch (args[index])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--drain-to" when index + 1 < args.Count:
                    drainTo.Add(args[++index]);
                    break;
                case "--connection" when index + 1 < args.Count:
                    connectionString = args[++index];
                    break;
                case var option when option.StartsWith('-'):
                    error.WriteLine($"import-queues: unknown or incomplete option '{option}'\n{Usage}");
                    return 2;
                default:
                    files.Add(args[index]);
                    break;
            }
        }

        if (files.Count == 0)
        {
            error.WriteLine($"import-queues: name at least one queue definitions file\n{Usage}");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine("import-queues: no database; set ConnectionStrings__Aloe or pass --connection");
            return 2;
        }

        var imported = new List<ImportedQueue>();
        var errors = new List<QueueImportError>();
        foreach (var file in files)
        {
            var (queues, fileErrors) = Read(file);
            imported.AddRange(queues);
            errors.AddRange(fileErrors);
        }

        if (errors.Count > 0)
        {
            return Refused(errors, error);
        }

        var defaults = configuration.GetSection(QueueDefaultsOptions.SectionName).Get<QueueDefaultsOptions>() ?? new QueueDefaultsOptions();
        QueueImportPlan plan;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            plan = await new PostgresQueueImporter(dataSource).ImportAsync(imported, drainTo, dryRun, defaults, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or TimeoutException)
        {
            error.WriteLine($"import-queues: the database refused the import, nothing was changed: {exception.Message}");
            return 1;
        }

        if (!plan.IsValid)
        {
            return Refused(plan.Errors, error);
        }

        foreach (var change in plan.Changes)
        {
            output.WriteLine(Describe(change));
        }

        var dryRunNote = dryRun ? " (dry run: nothing was changed)" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{plan.Count(QueueChangeKind.Created)} created, {plan.Count(QueueChangeKind.Updated)} updated, {plan.Count(QueueChangeKind.Unchanged)} unchanged, {plan.Count(QueueChangeKind.Removed)} removed{dryRunNote}"));
        return 0;
    }

    private static (IReadOnlyList<ImportedQueue>, IReadOnlyList<QueueImportError>) Read(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                return ([], [new QueueImportError(file, null, "no such file")]);
            }

            if (info.Length > QueueDefinitionFileReader.MaxFileBytes)
            {
                return ([], [new QueueImportError(file, null, $"is {info.Length} bytes; the largest file read is {QueueDefinitionFileReader.MaxFileBytes}")]);
            }

            return QueueDefinitionFileReader.Read(file, File.ReadAllText(file, Encoding.UTF8));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ([], [new QueueImportError(file, null, $"cannot be read: {exception.Message}")]);
        }
    }

    private static int Refused(IEnumerable<QueueImportError> errors, TextWriter error)
    {
        foreach (var each in errors)
        {
            error.WriteLine($"import-queues: {each}");
        }

        error.WriteLine("import-queues: nothing was changed");
        return 1;
    }

    private static string Describe(QueueChange change)
    {
        var queue = change.Queue;
        var limits = string.Create(CultureInfo.InvariantCulture,
            $"priority {queue.Priority}, numWorkers {queue.NumWorkers}, maxMessages {queue.MaxMessages}");
        return change.Kind switch
        {
            QueueChangeKind.Created => $"created   {queue.Name} ({limits}{(change.File is null ? ", the tenant's default" : "")})",
            QueueChangeKind.Updated => $"updated   {queue.Name} ({string.Join(", ", Differences(change.Previous!, queue))})",
            QueueChangeKind.Unchanged => $"unchanged {queue.Name}",
            _ => change.DrainTo is { } target
                ? string.Create(CultureInfo.InvariantCulture, $"removed   {queue.Name} ({change.Unfinished} unfinished job(s) moved to {target})")
                : $"removed   {queue.Name}",
        };
    }

    private static IEnumerable<string> Differences(QueueDefinition before, QueueDefinition after)
    {
        if (before.Priority != after.Priority)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"priority {before.Priority} → {after.Priority}");
        }

        if (before.NumWorkers != after.NumWorkers)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"numWorkers {before.NumWorkers} → {after.NumWorkers}");
        }

        if (before.MaxMessages != after.MaxMessages)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"maxMessages {before.MaxMessages} → {after.MaxMessages}");
        }

        if (!string.Equals(before.Filter, after.Filter, StringComparison.Ordinal))
        {
            yield return $"filter {before.Filter} → {after.Filter}";
        }
    }
}
