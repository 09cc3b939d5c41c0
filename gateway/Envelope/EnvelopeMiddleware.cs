using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// The outermost middleware: applies the body size limit, and makes sure nothing leaves the process without the
/// envelope — framework answers without a body (404 no route, 405, 401/403 from auth) get one, and exceptions become
/// 503/4xx/500 envelopes. A 500 carries a correlation id that is also logged, never the stack trace.
/// </summary>
internal sealed class EnvelopeMiddleware(
    RequestDelegate next,
    IOptionsMonitor<GatewayOptions> options,
    ILogger<EnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var maxBody = options.CurrentValue.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            await EnvelopeFailure.WriteAsync(context, exception, maxBody, logger);
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            await EnvelopeWriter.WriteErrorAsync(context, context.Response.StatusCode, DefaultMessage(context));
        }
    }

    private static string DefaultMessage(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"No resource at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        StatusCodes.Status401Unauthorized => "Authentication is required: send 'Authorization: Bearer <JWT>'.",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        var code => ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase + "." : $"HTTP {code}.",
    };
}
