namespace AloeOrleans.Grains.Execution;

/// <summary>
/// How the shell reads a character of a script: the quoting (or comment, or here-document) it sits in, or the
/// expression bash evaluates it as. Only <see cref="Unquoted"/> is a place where a single-quoted value stays data;
/// every other context but <see cref="Comment"/> and <see cref="Escaped"/> (where a placeholder is never replaced)
/// makes rendering refuse a placeholder (docs/security.md, "App templates").
/// </summary>
internal enum ShellContext
{
    /// <summary>Outside any quotes (including inside <c>$(...)</c>, which starts afresh): a single-quoted value is one word of data.</summary>
    Unquoted,
    SingleQuoted,
    DoubleQuoted,
    Backquoted,
    Comment,
    HereDocument,

    /// <summary>The character right after a backslash: literal, so a <c>\${name}</c> is never a placeholder.</summary>
    Escaped,

    /// <summary><c>$(( … ))</c>.</summary>
    ArithmeticExpansion,

    /// <summary>The arithmetic command <c>(( … ))</c>.</summary>
    ArithmeticCommand,

    /// <summary>The header of <c>for (( … ; … ; … ))</c>.</summary>
    ArithmeticFor,

    /// <summary>The old arithmetic expansion <c>$[ … ]</c>.</summary>
    LegacyArithmetic,

    /// <summary>An argument of <c>let</c>.</summary>
    LetArgument,

    /// <summary>An operand of <c>-eq -ne -lt -le -gt -ge</c> inside <c>[[ … ]]</c> (evaluated as arithmetic there, unlike in <c>[ … ]</c>).</summary>
    ConditionalArithmetic,

    /// <summary>The operand of <c>-v</c> in <c>[[ … ]]</c>, <c>test</c> or <c>[ … ]</c>: a variable name, whose subscript is evaluated.</summary>
    VariableNameOperand,

    /// <summary>Inside <c>name[ … ]</c> or a <c>[ … ]=</c> element of a compound assignment.</summary>
    ArraySubscript,

    /// <summary>Inside another <c>${ … }</c> expansion (offsets, lengths and subscripts there are arithmetic).</summary>
    ParameterExpansion,

    /// <summary>An argument of <c>declare</c>, <c>typeset</c> or <c>local</c>, or a name given to <c>export</c> or <c>readonly</c>.</summary>
    DeclarationArgument,

    /// <summary>An argument of <c>read</c> or <c>unset</c>, or the name after <c>printf -v</c>: variable names.</summary>
    VariableNameArgument,

    /// <summary>An argument of <c>eval</c>, <c>trap</c>, <c>compgen</c>, <c>mapfile</c> or <c>readarray</c>, which bash may run as code.</summary>
    CodeArgument,

    /// <summary>
    /// A value that reaches a variable bash evaluates: one given the integer (<c>-i</c>) or nameref (<c>-n</c>) attribute
    /// in the script, bash's own integer variables, or a variable whose value bash runs as code (<c>PS4</c>, <c>BASH_ENV</c> …).
    /// </summary>
    EvaluatedAssignment,

    /// <summary>The word after <c>&gt;&amp;</c> or <c>&lt;&amp;</c>, which takes a file descriptor (bash expands a <c>&gt;&amp;</c> file name twice).</summary>
    DuplicationTarget,

    /// <summary>Anywhere in a script that turns on alias expansion, where a command name no longer says what runs.</summary>
    AliasExpandingScript,
}
