namespace AloeOrleans.Grains.Execution;

/// <summary>
/// POSIX shell quoting for values that reach a wrapper script or a remote command line. Single quotes are the only
/// quoting in which the shell interprets nothing (no <c>$</c>, backtick, backslash or newline handling), so every
/// value becomes exactly one word with its bytes unchanged.
/// </summary>
public static class ShellQuoting
{
    /// <summary>
    /// Wraps <paramref name="value"/> in single quotes; each <c>'</c> inside becomes <c>'\''</c> (close, escaped quote,
    /// reopen). The empty string becomes <c>''</c>, an empty word rather than no word.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a NUL character, which no shell word or argument can carry.</exception>
    public static string Quote(string value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException("A value with a NUL character cannot be passed to a shell.", nameof(value));
        }

        return string.Concat("'", value.Replace("'", @"'\''", StringComparison.Ordinal), "'");
    }
}
