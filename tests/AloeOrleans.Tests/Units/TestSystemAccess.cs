using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution;
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
        return new SystemAccess(
            new SystemRoots(DataFolder.At(dataDir)),
            pool ?? new SshConnectionPool(Options.Create(new SshOptions()), TimeProvider.System, NullLogger<SshConnectionPool>.Instance),
            new LocalForkRunner(executionOptions, TimeProvider.System, NullLogger<LocalForkRunner>.Instance),
            executionOptions,
            Options.Create(new StagingOptions()),
            TimeProvider.System);
    }
}
