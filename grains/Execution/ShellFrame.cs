namespace AloeOrleans.Grains.Execution;

/// <summary>
/// One level of nesting while <see cref="ShellLexer"/> reads a script: a quote, a comment, a command list, an
/// expansion or an expression, with the <see cref="ShellContext"/> its characters get.
/// </summary>
internal sealed class ShellFrame(ShellFrameMode mode, ShellContext context)
{
    public ShellFrameMode Mode { get; } = mode;

    /// <summary>The context recorded for the frame's own characters.</summary>
    public ShellContext Context { get; } = context;

    /// <summary>True for bash's <c>$'…'</c>, in which <c>\'</c> does not end the quote.</summary>
    public bool BackslashEscapes { get; init; }

    /// <summary>True for a command list that a <c>)</c> closes (<c>$( … )</c>, <c>&lt;( … )</c>); false for the script itself.</summary>
    public bool ClosesOnParenthesis { get; init; }

    /// <summary>The commands being read in a <see cref="ShellFrameMode.Command"/> frame.</summary>
    public ShellCommand? Command { get; init; }

    /// <summary>
    /// Open parentheses (a command list's subshells, an arithmetic expression's own), brackets (<c>$[ ]</c>,
    /// subscripts) or braces (<c>${ }</c>) not yet closed.
    /// </summary>
    public int Depth { get; set; }

    /// <summary>A subscript where an assignment may stand, which bash reads up to its "]" across blanks and newlines.</summary>
    public bool SpansBlanks { get; init; }

    /// <summary>In <see cref="ShellFrameMode.ArrayElements"/>: whether the next character starts an element.</summary>
    public bool AtElementStart { get; set; } = true;
}
