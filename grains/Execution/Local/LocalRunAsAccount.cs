using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Execution.Local;

/// <summary>
/// The account LOCAL jobs run as. When the service is root it is <see cref="ExecutionOptions.LocalRunAs"/>, created
/// (a system account: no login shell, no home) when missing and <see cref="ExecutionOptions.CreateLocalRunAs"/>
/// allows it; several service processes starting at once may all try, and each ends up with the same account
/// (creation is serialised by a lock file in /run/lock). When
/// the service is not root there is no other account to switch to: jobs run as the service's own user, which is
/// logged once at start as a warning. Resolved once per process, at start.
/// </summary>
public sealed partial class LocalRunAsAccount(IOptions<ExecutionOptions> options, SystemRoots roots,
    ILogger<LocalRunAsAccount> logger) : IHostedService
{
    /// <summary>A system account with its own group, no home and no login shell; nothing when the name exists already.</summary>
    private const string CreateUnlessPresent =
        "getent passwd \"$1\" >/dev/null || useradd --system --user-group --no-create-home --home-dir /nonexistent "
        + "--shell /usr/sbin/nologin --comment 'AloeOrleans LOCAL jobs' \"$1\"";

    private readonly SemaphoreSlim gate = new(1, 1);
    private LocalJobIdentity? identity;
    private volatile bool known;

    /// <summary>The run-as account, or null when jobs run as the service's own user (the service is not root).</summary>
    /// <exception cref="InvalidOperationException">The account is missing and cannot be created, or is root.</exception>
    public async Task<LocalJobIdentity?> IdentityAsync(CancellationToken cancellationToken)
    {
        if (known)
        {
            return identity;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!known)
            {
                identity = await ResolveAsync(cancellationToken);
                known = true;
            }

            return identity;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        var runAs = await IdentityAsync(cancellationToken);
        if (runAs is null)
        {
            LogNoSwitch(logger, Environment.UserName);
            return;
        }

        LogRunAs(logger, runAs.Name, runAs.Uid, runAs.Gid);
        for (var folder = Path.GetDirectoryName(roots.DataDir); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (!File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                LogUnreachable(logger, runAs.Name, roots.DataDir, folder);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<LocalJobIdentity?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        var name = options.Value.LocalRunAs;
        if (!LocalJobIdentity.IsValidName(name))
        {
            throw new InvalidOperationException(
                $"Aloe:Execution:LocalRunAs '{name}' is not a user name (a lower-case letter or '_', then letters, digits, '_' or '-', at most 32).");
        }

        if (await FindAsync(name, cancellationToken) is null)
        {
            if (!options.Value.CreateLocalRunAs)
            {
                throw new InvalidOperationException(
                    $"The user '{name}' that LOCAL jobs run as (Aloe:Execution:LocalRunAs) does not exist: create it "
                    + "(useradd --system --user-group --no-create-home --shell /usr/sbin/nologin) or set Aloe:Execution:CreateLocalRunAs.");
            }

            await CreateAsync(name, cancellationToken);
        }

        var account = await FindAsync(name, cancellationToken)
                      ?? throw new InvalidOperationException($"The user '{name}' that LOCAL jobs run as was created but cannot be found.");
        return account.Uid != 0
            ? account
            : throw new InvalidOperationException($"Aloe:Execution:LocalRunAs '{name}' is root (uid 0): LOCAL jobs must run as an unprivileged user.");
    }

    private static async Task<LocalJobIdentity?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var (exitCode, entry, _) = await RunAsync("getent", ["passwd", name], cancellationToken);
        return exitCode == 0 ? LocalJobIdentity.ParsePasswd(entry.Split('\n')[0]) : null;
    }

    /// <summary>
    /// Look and create under one lock shared by every service process of this host: concurrent <c>useradd</c>s of one
    /// name each rewrite the account files, and a process could otherwise read a uid that a later rewrite replaces.
    /// </summary>
    private async Task CreateAsync(string name, CancellationToken cancellationToken)
    {
        var lockFolder = Directory.Exists("/run/lock") ? "/run/lock" : Path.GetTempPath();
        var (exitCode, _, error) = await RunAsync("flock",
            ["-w", ((int)Math.Ceiling(options.Value.LaunchTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
             Path.Combine(lockFolder, "aloe-local-run-as.lock"), "/bin/sh", "-c", CreateUnlessPresent, "sh", name], cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Could not create the user '{name}' that LOCAL jobs run as (exit {exitCode}): {error.Trim()}");
        }

        LogCreated(logger, name);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The service is not root: LOCAL jobs run as the service's own user {User}, who can read the service's data folder and key files. Run the service as root so that they run as Aloe:Execution:LocalRunAs.")]
    private static partial void LogNoSwitch(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "LOCAL jobs run as {User} (uid {Uid}, gid {Gid})")]
    private static partial void LogRunAs(ILogger logger, string user, int uid, int gid);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {User} for LOCAL jobs is present (created if it was missing)")]
    private static partial void LogCreated(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LOCAL jobs run as {User} cannot reach the data folder {DataDir}: {Folder} lacks the search bit for others (chmod o+x), so their work dirs are out of reach")]
    private static partial void LogUnreachable(ILogger logger, string user, string dataDir, string folder);
}
