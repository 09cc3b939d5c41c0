using Xunit.Abstractions;
using Xunit.Sdk;

namespace AloeOrleans.Tests;

/// <summary>Turns <see cref="NeedsServersAttribute"/> into the trait <c>Category=NeedsServers</c>.</summary>
public sealed class NeedsServersTraitDiscoverer : ITraitDiscoverer
{
    /// <summary>This type's full name, for <see cref="TraitDiscovererAttribute"/>.</summary>
    public const string TypeName = "AloeOrleans.Tests.NeedsServersTraitDiscoverer";

    /// <summary>This type's assembly, for <see cref="TraitDiscovererAttribute"/>.</summary>
    public const string AssemblyName = "AloeOrleans.Tests";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new KeyValuePair<string, string>(NeedsServersAttribute.TraitName, NeedsServersAttribute.TraitValue);
    }
}
