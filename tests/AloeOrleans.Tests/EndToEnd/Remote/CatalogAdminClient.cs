using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary><c>/systems/v2</c> and <c>/apps/v2</c> writes as a tenant admin (JWT role <c>Internal/aloe-admin</c>).</summary>
public sealed class CatalogAdminClient : IDisposable
{
    public const string AdminRole = "Internal/aloe-admin";

    private readonly HttpClient http;
    private readonly Func<string> diagnostics;

    public CatalogAdminClient(AloeServiceProcess service, string tenant)
    {
        http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.TokenFor(tenant, "e2e-admin", AdminRole));
        diagnostics = service.Diagnostics;
    }

    /// <summary>Registers a system; insists on 201.</summary>
    public Task<JsonElement> RegisterSystemAsync(JsonObject system) => CreateAsync("systems/v2", system);

    /// <summary>Registers an app; insists on 201.</summary>
    public Task<JsonElement> RegisterAppAsync(JsonObject app) => CreateAsync("apps/v2", app);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    /// <summary>A write whose answer the test checks itself (e.g. a refusal).</summary>
    public Task<ApiResponse> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body);

    public void Dispose() => http.Dispose();

    private async Task<JsonElement> CreateAsync(string path, JsonObject body)
    {
        var response = await SendAsync(HttpMethod.Post, path, body);
        if (response.Status != HttpStatusCode.Created)
        {
            // The body may hold a private key: the failure names the object, not its content.
            throw new InvalidOperationException(
                $"POST /{path} of '{(string?)body["id"] ?? (string?)body["name"]}' answered {response}. {diagnostics()}");
        }

        return response.Result;
    }

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement parsed = default;
        try
        {
            if (text.Length > 0)
            {
                parsed = JsonDocument.Parse(text).RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the answer's text is still in ApiResponse.Text.
        }

        return new ApiResponse(response.StatusCode, parsed, text, response.Headers.Location);
    }
}
