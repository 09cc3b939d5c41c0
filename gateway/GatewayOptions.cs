using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Gateway;

/// <summary>Tunables of the HTTP API (configuration section <c>Aloe:Gateway</c>).</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Gateway";

    /// <summary>
    /// The absolute base of every <c>_links</c> href and <c>Location</c> header, e.g. <c>https://api.example.org/</c>.
    /// Default: unset, meaning the request's own scheme, host and path base (right unless behind a rewriting proxy).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Largest accepted request body in bytes; larger ones get 413. Default 1 MiB.</summary>
    [Range(1, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The <c>Retry-After</c> seconds sent with 429 when a tenant queue is full. Default 5.</summary>
    [Range(0, 3600)]
    public int QueueFullRetryAfterSeconds { get; set; } = 5;

    /// <summary>How long <c>/health/ready</c> waits for each of its checks, in seconds. Default 3.</summary>
    [Range(1, 300)]
    public int ReadyCheckTimeoutSeconds { get; set; } = 3;

    /// <summary>The OpenAPI document and reference page (<c>Aloe:Gateway:OpenApi</c>; docs/api.md, "The OpenAPI document").</summary>
    public OpenApi.OpenApiSettings OpenApi { get; set; } = new();

    /// <summary>The live event streams (<c>Aloe:Gateway:EventStream</c>; docs/notifications.md, "The event stream").</summary>
    [NestedOptions]
    public Jobs.EventStreamSettings EventStream { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return OptionRules.Broken("must be an absolute http(s) URL.", nameof(BaseUrl));
        }
    }
}
