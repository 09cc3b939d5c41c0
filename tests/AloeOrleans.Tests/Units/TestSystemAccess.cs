using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Local;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Staging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Tests.Units;

/// <summary>A <see cref="SystemAccess"/> as the silo builds it, for tests that run phases or staging without a silo.</summary>
public static class TestSystemAccess
{
    public static SystemAccess Create(string dataDir, SshConnectionPool? pool = null, ExecutionOptions? execution = null)
    {
        var executionOptions = Options.Create(execution ?? new ExecutionOptions());
        var roots = new SystemRoots(DataFolder.At(dataDir));
        return new SystemAccess(
            roots,
            pool ?? new SshConnectionPool(Options.Create(new SshOptions()), TimeProvider.System, NullLogger<SshConnectionPool>.Instance),
            LocalRunner(executionOptions, roots),
            executionOptions,
            Options.Create(new StagingOptions()),
            TimeProvider.System);
    }

    /// <summary>The FORK runner on this host, with the run-as account the silo would resolve.</summary>
    public static LocalForkRunner LocalRunner(IOptions<ExecutionOptions> executionOptions, SystemRoots? roots = null) =>
        new(executionOptions,
            new LocalRunAsAccount(executionOptions, roots ?? new SystemRoots(DataFolder.At(Path.GetTempPath())), NullLogger<LocalRunAsAccount>.Instance),
            TimeProvider.System, NullLogger<LocalForkRunner>.Instance);
}
