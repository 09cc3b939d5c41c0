using Xunit;

namespace AloeOrleans.Tests.EndToEnd.AgaveCli;

/// <summary>
/// A test that runs the public Agave command-line client (TACC-Cloud/agave-cli, its <c>bin</c> folder named by
/// <c>AGAVE_CLI_BIN</c>). The client is published only on GitHub, which CI cannot reach (package registries only), so
/// there it is skipped with this reason; <see cref="AgaveCliJobRequestsTests"/> sends the client's exact requests
/// everywhere (docs/api.md, "The Agave command-line client").
/// </summary>
public sealed class AgaveCliFactAttribute : FactAttribute
{
    public AgaveCliFactAttribute()
    {
        if (AgaveCliClient.BinFolder is null)
        {
            Skip = $"set {AgaveCliClient.BinVariable} to the bin folder of a TACC-Cloud/agave-cli checkout to run the real client";
        }
    }
}
