using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// What app registration requires of the app's wrapper template: it can be read, and none of the app's input and
/// parameter placeholders is where bash would evaluate its quoted value (<see cref="WrapperTemplate.FindProblems"/>).
/// Pure: the caller reads the template.
/// </summary>
public static class AppTemplateRules
{
    /// <summary>One error on <c>templatePath</c> per refused placeholder, naming the line and the placeholder.</summary>
    public static IReadOnlyList<CatalogError> Check(AppDefinition app, string template)
    {
        ArgumentNullException.ThrowIfNull(app);
        var names = app.Inputs.Select(input => input.Id).Concat(app.Parameters.Select(parameter => parameter.Id));
        return WrapperTemplate.FindProblems(template, names)
            .Select(problem => CatalogError.For("templatePath", $"{CatalogRules.Shown(app.TemplatePath)} {problem.Message}"))
            .ToList();
    }

    /// <summary>
    /// Decision: a template that cannot be read is refused (400), because the service cannot vouch for it and every
    /// job of the app would fail; upload the template first, then register the app.
    /// </summary>
    public static CatalogError Unreadable(string reason) =>
        CatalogError.For("templatePath", $"{reason}; upload the template to the deployment system before registering the app, then register it again");
}
