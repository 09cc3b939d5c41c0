using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace AloeOrleans.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and its interactive reference at <c>/docs/</c> (docs/api.md, "The
/// OpenAPI document"), both anonymous, unless <c>Aloe:Gateway:OpenApi:Enabled</c> is false. Map after every API, so the
/// document is built from all of them.
/// </summary>
public static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    public static IEndpointRouteBuilder MapOpenApiReference(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.OpenApi.Enabled)
        {
            return app;
        }

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("AloeOrleans jobs service")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}
