namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// For a silo hosted inside the test process: Orleans' default handler fails the whole process fast when the silo is
/// declared dead, which would end the test run instead of the silo.
/// </summary>
public sealed class IgnoredFatalErrors : IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
    }
}
