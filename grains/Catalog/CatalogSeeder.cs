using System.Text.Json;
using AloeOrleans.Grains.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Loads the seed files into the catalog before the service takes requests, and copies each app's assets to its
/// deployment path, so the embedded default runs its sample app with no set-up. Re-running updates in place.
/// </summary>
public sealed partial class CatalogSeeder(
    PostgresCatalog catalog, SystemRoots roots, IOptions<CatalogSeedOptions> options, ILogger<CatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var file in options.Value.EffectiveSeedFiles)
        {
            var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, file));
            await SeedAsync(path, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedAsync(string seedFilePath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(seedFilePath);
        var seed = await JsonSerializer.DeserializeAsync<CatalogSeedFile>(stream, CatalogJson.Options, cancellationToken)
                   ?? throw new InvalidDataException($"Seed file {seedFilePath} is empty.");
        foreach (var system in seed.Systems)
        {
            await catalog.UpsertSystemAsync(seed.TenantId, system, cancellationToken);
        }

        var systems = seed.Systems.ToDictionary(system => system.Id, StringComparer.Ordinal);
        foreach (var entry in seed.Apps)
        {
            await catalog.UpsertAppAsync(seed.TenantId, entry.App, cancellationToken);
            if (entry.AssetsFolder is { } assets)
            {
                var deploymentSystemId = entry.App.DeploymentSystem ?? entry.App.ExecutionSystem;
                var deploymentSystem = systems.GetValueOrDefault(deploymentSystemId)
                    ?? await catalog.FindSystemAsync(seed.TenantId, deploymentSystemId, cancellationToken)
                    ?? throw new InvalidDataException($"App {entry.App.Id} in {seedFilePath} names deployment system {deploymentSystemId}, which does not exist.");
                var assetsFolder = Path.Combine(Path.GetDirectoryName(seedFilePath)!, assets);
                CopyAssets(assetsFolder, SafePath.Resolve(roots.StorageRoot(deploymentSystem), entry.App.DeploymentPath));
                WarnAboutTemplate(seedFilePath, seed.TenantId, entry.App, assetsFolder);
            }
        }

        LogSeeded(logger, seedFilePath, seed.TenantId, seed.Systems.Count, seed.Apps.Count);
    }

    /// <summary>
    /// Decision: a seeded app whose template the API would refuse is still seeded, with a warning: the seed files are
    /// the operator's, one app must not keep the service (and every tenant) from starting, and rendering refuses the
    /// template before any of its jobs runs.
    /// </summary>
    private void WarnAboutTemplate(string seedFilePath, string tenantId, AppDefinition app, string assetsFolder)
    {
        var templateFile = Path.Combine(assetsFolder, app.TemplatePath);
        if (!File.Exists(templateFile))
        {
            return;
        }

        foreach (var error in AppTemplateRules.Check(app, File.ReadAllText(templateFile)))
        {
            LogUnsafeTemplate(logger, seedFilePath, tenantId, app.Id, error.Message);
        }
    }

    private static void CopyAssets(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Copy then rename: a job reading the asset at this moment sees the old file or the new one, never half.
            var partial = $"{target}.seeding-{Environment.ProcessId}";
            File.Copy(file, partial, overwrite: true);
            File.Move(partial, target, overwrite: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog seed {File}: app {AppId} of tenant {TenantId} is seeded, but its jobs will fail: {Problem}")]
    private static partial void LogUnsafeTemplate(ILogger logger, string file, string tenantId, string appId, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog seed {File}: tenant {TenantId}, {Systems} system(s), {Apps} app(s)")]
    private static partial void LogSeeded(ILogger logger, string file, string tenantId, int systems, int apps);
}
