using Xunit.Sdk;

namespace AloeOrleans.Tests;

/// <summary>
/// Marks a test class, one test, or a base class of tests (derived classes inherit it) that needs a server:
/// PostgreSQL (the shared one or a private one), sshd, Slurm, vsftpd, or the service run as a child process. It becomes
/// the trait <c>Category=NeedsServers</c>: <c>./aloe test --unit</c> leaves these tests out, <c>./aloe test</c> runs
/// them with the rest. A test that reaches a server without this mark fails under <c>--unit</c> with a message asking
/// for it (<see cref="UnitOnlyRun"/>), so a forgotten mark is found at once rather than hidden.
/// </summary>
[TraitDiscoverer(NeedsServersTraitDiscoverer.TypeName, NeedsServersTraitDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsServersAttribute : Attribute, ITraitAttribute
{
    /// <summary>The trait's name, as <c>dotnet test --filter</c> reads it.</summary>
    public const string TraitName = "Category";

    /// <summary>The trait's value: <c>--filter "Category!=NeedsServers"</c> selects the tests that need no server.</summary>
    public const string TraitValue = "NeedsServers";
}
