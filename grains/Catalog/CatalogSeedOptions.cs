using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Catalog;

/// <summary>Definitions loaded at start-up (section <c>Aloe:Catalog</c>).</summary>
public sealed class CatalogSeedOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Catalog";

    /// <summary>The embedded default's seed file: local systems and the sample app wc-1.0 in tenant dev.</summary>
    public const string DevelopmentSeedFile = "catalog/dev.json";

    /// <summary>
    /// Whether <see cref="SeedFiles"/> are loaded at all. An environment variable can turn seeding off
    /// (<c>Aloe__Catalog__SeedEnabled=false</c>) where it cannot empty the list of appsettings.json. Default true.
    /// </summary>
    public bool SeedEnabled { get; set; } = true;

    /// <summary>
    /// Seed files, relative to the service's install folder or absolute. Default (when not configured): the embedded
    /// default's <c>catalog/dev.json</c> (local systems and the sample app wc-1.0 in tenant dev). Production lists its
    /// own files or sets <see cref="SeedEnabled"/> to false. (Not initialised here: the configuration binder appends to
    /// an initialised list.)
    /// </summary>
    public List<string>? SeedFiles { get; set; }

    /// <summary>The files to load: none when seeding is off, else the configured ones or the default.</summary>
    public IReadOnlyList<string> EffectiveSeedFiles => !SeedEnabled ? [] : SeedFiles ?? [DevelopmentSeedFile];

    /// <summary>A seed file's absolute path: relative ones are taken from the install folder.</summary>
    public static string Resolve(string seedFile) => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, seedFile));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var files = SeedFiles ?? [];
        for (var i = 0; i < files.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(files[i]))
            {
                yield return OptionRules.Broken("must name a file.", $"{nameof(SeedFiles)}:{i}");
            }
        }
    }
}
