using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Commands;
using AloeOrleans.Silo.Hosting;

// AloeOrleans.Silo <run|migrate|token|webhook-secret|import-queues|tenant-admins> [args]: see CommandLine.Usage.
var commandArgs = CommandLine.CommandArgs(args);
switch (CommandLine.CommandName(args) ?? CommandLine.Run)
{
    case CommandLine.Migrate:
        return await MigrateCommand.RunAsync(commandArgs, Console.Out, Console.Error, CancellationToken.None);

    case CommandLine.Token:
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables().Build();
        return await TokenCommand.RunAsync(commandArgs, DataFolder.From(configuration).Path, configuration);

    case CommandLine.WebhookSecret:
        var secretConfiguration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables().Build();
        return WebhookSecretCommand.Run(commandArgs, secretConfiguration, Console.Out, Console.Error);

    case CommandLine.ImportQueues:
        return await ImportQueuesCommand.RunAsync(commandArgs, CommandConfiguration(), Console.Out, Console.Error, CancellationToken.None);

    case CommandLine.TenantAdmins:
        return await TenantAdminsCommand.RunAsync(commandArgs, CommandConfiguration(), Console.Out, Console.Error, CancellationToken.None);

    case CommandLine.Run:
        return await ServiceHost.RunAsync(commandArgs);

    case CommandLine.Gateway:
        return await ServiceHost.RunAsync(commandArgs, ProcessRole.Gateway);

    default:
        Console.Error.WriteLine(CommandLine.Usage);
        return 2;
}

// What the admin commands read: the silo's appsettings.json and the environment (no host, no Orleans).
static IConfiguration CommandConfiguration() =>
    new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables().Build();
