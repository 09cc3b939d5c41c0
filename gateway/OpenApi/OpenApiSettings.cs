namespace AloeOrleans.Gateway.OpenApi;

/// <summary>Section <c>Aloe:Gateway:OpenApi</c> (docs/configuration.md).</summary>
public sealed class OpenApiSettings
{
    /// <summary>
    /// Whether <c>/openapi/v1.json</c> and the reference page <c>/docs/</c> are served (anonymously: they describe the
    /// routes, never data). Default true; false answers 404 on both.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
