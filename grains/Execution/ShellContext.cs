namespace AloeOrleans.Grains.Execution;

/// <summary>How the shell reads a character of a script: the quoting (or comment, or here-document) it sits in.</summary>
internal enum ShellContext
{
    /// <summary>Outside any quotes (including inside <c>$(...)</c>, which starts afresh): a single-quoted value is one word.</summary>
    Unquoted,
    SingleQuoted,
    DoubleQuoted,
    Backquoted,
    Comment,
    HereDocument,

    /// <summary>The character right after a backslash: literal, so a <c>\${name}</c> is never a placeholder.</summary>
    Escaped,
}
