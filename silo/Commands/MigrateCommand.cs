using AloeOrleans.Silo.Migrations;

namespace AloeOrleans.Silo.Commands;

/// <summary>
/// <c>migrate [--connection CS] [--sql DIR]</c>: applies the bundled <c>sql/*.sql</c> files. The connection string
/// defaults to the <c>ConnectionStrings__Aloe</c> environment variable, the folder to <c>sql/</c> next to the silo.
/// </summary>
public static class MigrateCommand
{
    /// <summary>The environment variable that carries the connection string (ASP.NET configuration naming).</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Aloe";

    /// <summary>Runs the command; <paramref name="args"/> excludes the command name. Returns the exit code.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        var sqlFolder = Path.Combine(AppContext.BaseDirectory, "sql");

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitOption(args[i]);
            switch (name)
            {
                case "--connection":
                case "--sql":
                    var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    if (value is null)
                    {
                        error.WriteLine($"migrate: {name} needs a value");
                        return 2;
                    }

                    if (name == "--connection")
                    {
                        connectionString = value;
                    }
                    else
                    {
                        sqlFolder = value;
                    }

                    break;
                default:
                    error.WriteLine($"migrate: unknown argument '{args[i]}'");
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine($"migrate: no connection string; set {ConnectionStringVariable} or pass --connection");
            return 2;
        }

        try
        {
            var applied = await new SchemaMigrator().MigrateAsync(connectionString, sqlFolder, cancellationToken);
            output.WriteLine(applied.Count == 0
                ? "migrate: schema is up to date"
                : $"migrate: applied {string.Join(", ", applied)}");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error.WriteLine($"migrate: failed: {ex.Message}");
            return 1;
        }
    }

    private static (string Name, string? Value) SplitOption(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }
}
