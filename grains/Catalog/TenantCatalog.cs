namespace AloeOrleans.Grains.Catalog;

/// <summary>One tenant's apps and systems as loaded at one moment; immutable, replaced whole on refresh.</summary>
public sealed record TenantCatalog(
    DateTimeOffset LoadedAt,
    IReadOnlyDictionary<string, AppDefinition> Apps,
    IReadOnlyDictionary<string, SystemDefinition> Systems)
{
    public SystemDefinition? DefaultStorage =>
        Systems.Values.Where(system => system.Type == SystemType.STORAGE).OrderByDescending(system => system.Default)
            .ThenBy(system => system.Id, StringComparer.Ordinal).FirstOrDefault(system => system.Default);

    /// <summary>
    /// The systems whose storage is SFTP on <paramref name="host"/>:<paramref name="port"/>, by id, for
    /// <c>sftp://</c> inputs: only a registered system supplies the credential and the host key to check.
    /// </summary>
    public IReadOnlyList<SystemDefinition> SftpSystemsOn(string host, int port) =>
        Systems.Values
            .Where(system => string.Equals(system.Storage.Protocol, "SFTP", StringComparison.OrdinalIgnoreCase)
                             && string.Equals(system.Storage.Host, host, StringComparison.OrdinalIgnoreCase)
                             && (system.Storage.Port == 0 ? Execution.Ssh.SshEndpoint.DefaultPort : system.Storage.Port) == port)
            .OrderBy(system => system.Id, StringComparer.Ordinal)
            .ToList();
}
