using System.Net;
using System.Text.Json;
using AloeOrleans.Gateway.OpenApi;
using Microsoft.AspNetCore.Routing;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>
/// The OpenAPI document and reference page over HTTP (docs/api.md, "The OpenAPI document"): every route the gateway
/// maps is in the document with its method, answers carry the envelope, the submission its body; anonymous; off when
/// disabled.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_mapped_route_is_in_the_document_with_the_envelope_and_the_job_request()
    {
        await using var host = await GatewayTestHost.StartAsync();

        using var response = await host.Client.GetAsync(OpenApiEndpoints.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");

        var routes = host.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => (Method: method.ToLowerInvariant(), Path: OpenApiPath(endpoint.RoutePattern.RawText!))))
            .Where(route => !route.Path.StartsWith("/openapi", StringComparison.Ordinal) && !route.Path.StartsWith(OpenApiEndpoints.ReferencePath, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        // The enumeration itself sees the routes of every API (a check that found none would pass on nothing).
        foreach (var expected in new[] { ("post", "/jobs/v2"), ("get", "/jobs/v2/search/{terms}"), ("get", "/jobs/v2/{id}/outputs/media/{path}"),
                     ("delete", "/jobs/v2/{id}/pems/{user}"), ("post", "/apps/v2/{id}"), ("get", "/systems/v2"), ("get", "/health/ready") })
        {
            Assert.Contains(expected, routes);
        }

        var missing = routes.Where(route => !paths.TryGetProperty(route.Path, out var item) || !item.TryGetProperty(route.Method, out _)).ToList();
        Assert.True(missing.Count == 0, "not in the document: " + string.Join(", ", missing.Select(route => $"{route.Method} {route.Path}")));

        var submit = paths.GetProperty("/jobs/v2").GetProperty("post");
        Assert.Equal("#/components/schemas/JobRequest",
            submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/Envelope", Schema(submit, "201"));
        Assert.Equal("#/components/schemas/ErrorEnvelope", Schema(submit, "400"));
        Assert.Equal("#/components/schemas/Envelope", Schema(paths.GetProperty("/jobs/v2/{id}/outputs/listings/{path}").GetProperty("get"), "200"));
        var components = root.GetProperty("components");
        Assert.Equal(["message", "result", "status", "version"],
            components.GetProperty("schemas").GetProperty("Envelope").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("bearer", components.GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_reference_page_answers_without_a_token_and_both_are_gone_when_disabled()
    {
        await using (var host = await GatewayTestHost.StartAsync())
        {
            using var page = await host.Client.GetAsync(OpenApiEndpoints.ReferencePath + "/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }

        await using var disabled = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["Aloe:Gateway:OpenApi:Enabled"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, (await disabled.Client.GetAsync(OpenApiEndpoints.DocumentPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await disabled.Client.GetAsync(OpenApiEndpoints.ReferencePath + "/")).StatusCode);
    }

    /// <summary>A route pattern as OpenAPI writes it: a leading '/', no trailing '/', catch-all and optional markers dropped.</summary>
    private static string OpenApiPath(string pattern)
    {
        var path = "/" + pattern.Trim('/');
        return path.Replace("{**", "{", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal).Replace("?}", "}", StringComparison.Ordinal);
    }

    private static string? Schema(JsonElement operation, string code) =>
        operation.GetProperty("responses").GetProperty(code).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
}
