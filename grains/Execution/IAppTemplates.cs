using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// An app's wrapper template as stored on its deployment system (LOCAL or SFTP): what app registration checks
/// (the gateway reads no files itself) and what a job renders.
/// </summary>
public interface IAppTemplates
{
    /// <summary>The text of <c>deploymentPath/templatePath</c> on <paramref name="deploymentSystem"/>.</summary>
    /// <exception cref="AppTemplateUnavailableException">
    /// It is missing, not a regular file, outside the system's root, larger than <c>Aloe:Execution:MaxTemplateBytes</c>,
    /// or the system cannot be reached.
    /// </exception>
    Task<string> ReadAsync(string tenantId, AppDefinition app, SystemDefinition deploymentSystem, CancellationToken cancellationToken);
}
