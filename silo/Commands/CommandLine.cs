namespace AloeOrleans.Silo.Commands;

/// <summary>
/// The silo executable's command-line contract: <c>AloeOrleans.Silo &lt;command&gt; [args...]</c> where the first
/// argument names the command (<c>run</c>, <c>gateway</c>, <c>migrate</c>, <c>token</c>, <c>webhook-secret</c>, <c>import-queues</c> or <c>tenant-admins</c>) and the remaining arguments belong to it
/// (for <c>run</c> they are passed to the host, e.g. <c>--urls</c>). Program.cs asks this class first, so the
/// admin commands never start Orleans.
/// </summary>
public static class CommandLine
{
    public const string Run = "run";
    public const string Gateway = "gateway";
    public const string Migrate = "migrate";
    public const string Token = "token";
    public const string WebhookSecret = "webhook-secret";
    public const string ImportQueues = "import-queues";
    public const string TenantAdmins = "tenant-admins";

    public const string Usage = """
        usage: AloeOrleans.Silo <command> [args]
          run [--urls URL] [host args]      start the silo and the /jobs/v2 gateway
          gateway [--urls URL] [host args]  start the /jobs/v2 gateway alone, a client of the cluster's silos
          migrate [--connection CS] [--sql DIR]
                                            apply sql/*.sql (connection defaults to ConnectionStrings__Aloe)
          token [--tenant T] [--user U] [--roles r1,r2]
                                            print a development bearer token
          webhook-secret --tenant T         print the tenant's webhook signing secret
          import-queues FILE... [--dry-run] [--drain-to QUEUE]...
                                            define the tenant queues from JobQueueDefinitions files
          tenant-admins add|remove|list --tenant T [--user U]
                                            maintain the tenant administrators
        """;

    /// <summary>The command name (first argument), or null when there is none.</summary>
    public static string? CommandName(IReadOnlyList<string> args) =>
        args.Count > 0 && !args[0].StartsWith('-') ? args[0] : null;

    /// <summary>The arguments after the command name: what the command (or the host, for run) receives.</summary>
    public static string[] CommandArgs(IReadOnlyList<string> args) =>
        CommandName(args) is null ? [.. args] : [.. args.Skip(1)];

    /// <summary>
    /// Runs <c>migrate</c> when it is the command and returns its exit code; returns null for any other command so
    /// the caller can dispatch it.
    /// </summary>
    public static async Task<int?> TryRunMigrateAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(CommandName(args), Migrate, StringComparison.Ordinal))
        {
            return null;
        }

        return await MigrateCommand.RunAsync(CommandArgs(args), Console.Out, Console.Error, cancellationToken);
    }
}
