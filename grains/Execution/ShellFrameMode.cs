namespace AloeOrleans.Grains.Execution;

/// <summary>How <see cref="ShellLexer"/> reads the characters of one nesting level of a script.</summary>
internal enum ShellFrameMode
{
    /// <summary>Commands: the script itself, <c>$( … )</c>, <c>&lt;( … )</c> and <c>&gt;( … )</c>.</summary>
    Command,
    SingleQuoted,
    DoubleQuoted,
    Backquoted,
    Comment,

    /// <summary><c>$(( … ))</c>, <c>(( … ))</c> and <c>for (( … ))</c>: ends when its parentheses balance.</summary>
    Arithmetic,

    /// <summary><c>$[ … ]</c>: ends when its brackets balance.</summary>
    LegacyArithmetic,

    /// <summary><c>${ … }</c>: ends when its braces balance.</summary>
    ParameterExpansion,

    /// <summary><c>name[ … ]</c>: ends when its brackets balance, or, outside an assignment, where its word ends.</summary>
    Subscript,

    /// <summary>The elements of a compound assignment <c>name=( … )</c>.</summary>
    ArrayElements,
}
