using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Gateway.Envelope;

/// <summary>
/// The answer to an exception: a known failure becomes its 4xx/503 envelope, anything else a 500 envelope with a
/// correlation id that is also logged. Never the stack trace or the exception's text.
/// </summary>
internal static partial class EnvelopeFailure
{
    public static async Task WriteAsync(HttpContext context, Exception exception, long maxBody, ILogger logger)
    {
        context.Response.Clear();
        if (FailureClassifier.Classify(exception, maxBody) is { } known)
        {
            LogHandledFailure(logger, context.Request.Method, context.Request.Path.ToString(), known.StatusCode, exception.GetType().Name);
            await EnvelopeWriter.WriteErrorAsync(context, known.StatusCode, known.Message);
            return;
        }

        var correlationId = context.TraceIdentifier;
        LogUnhandled(logger, exception, context.Request.Method, context.Request.Path.ToString(), correlationId);
        await EnvelopeWriter.WriteErrorAsync(
            context,
            StatusCodes.Status500InternalServerError,
            $"Internal error; please report correlation id {correlationId}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {StatusCode} after {ExceptionType}")]
    private static partial void LogHandledFailure(ILogger logger, string method, string path, int statusCode, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}, correlation id {CorrelationId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string correlationId);
}
