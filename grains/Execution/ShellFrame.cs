namespace AloeOrleans.Grains.Execution;

/// <summary>
/// One level of nesting while <see cref="ShellContextScanner"/> reads a script: a quote, a comment, or a
/// <c>$(...)</c> command substitution, whose open parentheses are counted so its closing one is recognised.
/// </summary>
internal sealed class ShellFrame(ShellContext context, bool isCommandSubstitution, bool backslashEscapes = false)
{
    public ShellContext Context { get; } = context;

    public bool IsCommandSubstitution { get; } = isCommandSubstitution;

    /// <summary>True for bash's <c>$'…'</c>, in which <c>\'</c> does not end the quote.</summary>
    public bool BackslashEscapes { get; } = backslashEscapes;

    public int OpenParentheses { get; set; }
}
