using AloeOrleans.Silo.Commands;

// Minimal dispatcher owned by the infrastructure work: only `migrate` is wired here. The `run` and `token`
// commands are added by their owners (see CommandLine for the argument contract).
if (await CommandLine.TryRunMigrateAsync(args) is int exitCode)
{
    return exitCode;
}

Console.Error.WriteLine(CommandLine.Usage);
return 2;
