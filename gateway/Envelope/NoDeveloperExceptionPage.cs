using Microsoft.AspNetCore.Diagnostics;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// In the Development environment ASP.NET puts its developer exception page (exception text and stack trace) inside
/// the pipeline, under <see cref="EnvelopeMiddleware"/>: it would answer every bug before the envelope sees it. This
/// filter hands the exception back, so the page gives up and the envelope answers as in any other environment (a 500
/// with a correlation id, internals only in the log).
/// </summary>
internal sealed class NoDeveloperExceptionPage : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(errorContext);
        return Task.FromException(errorContext.Exception);
    }
}
