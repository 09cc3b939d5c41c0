using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>An app to register (its Agave definition) and the wrapper template to put at its deployment path first.</summary>
public sealed record RemoteApp(string Id, string TemplateFile, string Template, JsonObject Definition)
{
    /// <summary>Where the template goes, relative to the deployment system's root.</summary>
    public string TemplatePath => $"{Definition["deploymentPath"]}/{TemplateFile}";
}
