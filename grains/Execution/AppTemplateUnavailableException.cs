namespace AloeOrleans.Grains.Execution;

/// <summary>An app's wrapper template cannot be read from its deployment system; <see cref="Exception.Message"/> says why.</summary>
public sealed class AppTemplateUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
