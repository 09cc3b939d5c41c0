using System.Collections.Concurrent;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// App templates for the catalog API tests, by <c>system:deploymentPath/templatePath</c>: the text put there, a
/// refusal when removed, and for any other template a safe one-liner (most tests are not about templates).
/// </summary>
internal sealed class FakeAppTemplates : IAppTemplates
{
    public const string SafeTemplate = "# safe\nwc -l < ${inputFile} > wc.txt\n";

    private readonly ConcurrentDictionary<string, string?> templates = new(StringComparer.Ordinal);

    /// <summary>Where templates were read from, in order.</summary>
    public ConcurrentQueue<string> Reads { get; } = new();

    public void Put(string location, string text) => templates[location] = text;

    public void Remove(string location) => templates[location] = null;

    public Task<string> ReadAsync(string tenantId, AppDefinition app, SystemDefinition deploymentSystem, CancellationToken cancellationToken)
    {
        var location = $"{deploymentSystem.Id}:{app.DeploymentPath}/{app.TemplatePath}";
        Reads.Enqueue(location);
        return !templates.TryGetValue(location, out var text) ? Task.FromResult(SafeTemplate)
            : text is not null ? Task.FromResult(text)
            : throw new AppTemplateUnavailableException($"The template {location} of app {app.Id} does not exist");
    }
}
