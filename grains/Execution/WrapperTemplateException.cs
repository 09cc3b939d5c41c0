namespace AloeOrleans.Grains.Execution;

/// <summary>
/// An app's wrapper template uses a placeholder where a quoted value would not be safe (inside quotes, backticks or a
/// here-document, or where bash evaluates it: arithmetic, variable names, code). The app is misconfigured; the job
/// must fail with this message rather than run a script in which a value could become a command.
/// </summary>
public sealed class WrapperTemplateException(string message) : Exception(message);
