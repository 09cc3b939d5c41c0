using System.Text.Json;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Loads the seed files into the catalog before the service takes requests, and copies each app's assets to its
/// deployment path, so the embedded default runs its sample app with no set-up. Re-running updates in place. Seed
/// files are the operator's: their systems are validated as the operator's (LOCAL login and storage allowed) and
/// stored operator-defined, so tenant admins cannot change or delete them. Before anything is written, every system
/// is validated and every LOCAL root the files declare is checked against <see cref="LocalRootRules"/> (with the LOCAL
/// systems already stored): an invalid system or a root that breaks a rule stops the service from starting.
/// </summary>
public sealed partial class CatalogSeeder(
    PostgresCatalog catalog, SystemRoots roots, IOptions<CatalogSeedOptions> options, ILogger<CatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        roots.EnsureDataFolder();
        var seeds = new List<(string Path, CatalogSeedFile Seed)>();
        foreach (var file in options.Value.EffectiveSeedFiles)
        {
            var path = CatalogSeedOptions.Resolve(file);
            seeds.Add((path, await ReadAsync(path, cancellationToken)));
        }

        CheckSystems(seeds);
        await CheckLocalRootsAsync(seeds, cancellationToken);
        foreach (var (path, seed) in seeds)
        {
            await SeedAsync(path, seed, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<CatalogSeedFile> ReadAsync(string seedFilePath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(seedFilePath);
        return await JsonSerializer.DeserializeAsync<CatalogSeedFile>(stream, CatalogJson.Options, cancellationToken)
               ?? throw new InvalidDataException($"Seed file {seedFilePath} is empty.");
    }

    /// <exception cref="CatalogSeedRefusedException">A system of a seed file is invalid.</exception>
    private static void CheckSystems(IReadOnlyList<(string Path, CatalogSeedFile Seed)> seeds)
    {
        var problems = (
            from entry in seeds
            from system in entry.Seed.Systems
            let errors = SystemDefinitionValidator.Validate(system, SystemAuthor.Operator)
            where errors.Count > 0
            select $"Seed file {entry.Path}: system {system.Id} of tenant {entry.Seed.TenantId} is invalid: {CatalogError.Join(errors)}").ToList();
        if (problems.Count > 0)
        {
            throw new CatalogSeedRefusedException(problems);
        }
    }

    /// <exception cref="CatalogSeedRefusedException">A declared LOCAL root breaks a rule.</exception>
    private async Task CheckLocalRootsAsync(IReadOnlyList<(string Path, CatalogSeedFile Seed)> seeds, CancellationToken cancellationToken)
    {
        var declared = seeds
            .SelectMany(entry => entry.Seed.Systems.Where(IsLocal)
                .Select(system => new LocalRootDeclaration($"Seed file {entry.Path}", entry.Seed.TenantId, system.Id, system.Storage.RootDir)))
            .ToList();
        var existing = (await catalog.ListLocalSystemsAsync(cancellationToken))
            .Select(stored => new LocalRootDeclaration("the database", stored.TenantId, stored.System.Id, stored.System.Storage.RootDir))
            .ToList();
        var violations = LocalRootRules.Violations(roots.DataDir, declared, existing);
        if (violations.Count > 0)
        {
            throw new CatalogSeedRefusedException(violations);
        }
    }

    private async Task SeedAsync(string seedFilePath, CatalogSeedFile seed, CancellationToken cancellationToken)
    {
        foreach (var system in seed.Systems)
        {
            await catalog.SeedSystemAsync(seed.TenantId, system, cancellationToken);
            if (IsLocal(system))
            {
                roots.StorageRoot(seed.TenantId, system);
            }
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
                CopyAssets(assetsFolder, SafePath.Resolve(roots.StorageRoot(seed.TenantId, deploymentSystem), entry.App.DeploymentPath));
                WarnAboutTemplate(seedFilePath, seed.TenantId, entry.App, assetsFolder);
            }
        }

        LogSeeded(logger, seedFilePath, seed.TenantId, seed.Systems.Count, seed.Apps.Count);
    }

    private static bool IsLocal(SystemDefinition system) => string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase);

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
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        // Links are not followed: a link to a parent would make the walk endless.
        foreach (var file in Directory.EnumerateFiles(from, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            // Assets are the service's: owner-only, like everything it writes on a LOCAL system.
            LocalSystemFiles.CreateOwnerOnlyFolder(Path.GetDirectoryName(target)!);
            // Copy then rename: a job reading the asset at this moment sees the old file or the new one, never half.
            var partial = $"{target}.seeding-{Environment.ProcessId}";
            File.Copy(file, partial, overwrite: true);
            File.SetUnixFileMode(partial, LocalSystemFiles.OwnerOnlyFile);
            File.Move(partial, target, overwrite: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog seed {File}: app {AppId} of tenant {TenantId} is seeded, but its jobs will fail: {Problem}")]
    private static partial void LogUnsafeTemplate(ILogger logger, string file, string tenantId, string appId, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog seed {File}: tenant {TenantId}, {Systems} system(s), {Apps} app(s)")]
    private static partial void LogSeeded(ILogger logger, string file, string tenantId, int systems, int apps);
}
