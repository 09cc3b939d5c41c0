using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// In the Development environment ASP.NET puts its developer exception page inside the pipeline, where it would catch
/// an exception before <see cref="EnvelopeMiddleware"/> and answer with the stack trace. This filter makes that page
/// answer exactly as the envelope does, so Development shows clients no more than Production.
/// </summary>
internal sealed class EnvelopeDeveloperPageFilter(IOptionsMonitor<GatewayOptions> options, ILogger<EnvelopeMiddleware> logger)
    : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next) =>
        EnvelopeFailure.WriteAsync(errorContext.HttpContext, errorContext.Exception, options.CurrentValue.MaxRequestBodyBytes, logger);
}
