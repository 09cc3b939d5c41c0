namespace AloeOrleans.Grains.Execution;

/// <summary>
/// What a <see cref="TemplateProblem"/> says for each <see cref="ShellContext"/>: where the placeholder is, why a
/// quoted value is not safe there, and a safe way to write it (each checked with bash by the tests).
/// </summary>
internal static class TemplateAdvice
{
    public static string Message(int line, string placeholder, string name, ShellContext context)
    {
        var variable = VariableFor(name);
        var (where, why, instead) = context switch
        {
            ShellContext.SingleQuoted => ("inside single quotes", Quoting, Unquote(placeholder, variable)),
            ShellContext.DoubleQuoted => ("inside double quotes", Quoting, Unquote(placeholder, variable)),
            ShellContext.Backquoted => ("inside backticks", Quoting, Unquote(placeholder, variable)),
            ShellContext.HereDocument => ("in a here-document", Quoting,
                $"Assign it to a variable before the here-document ({variable}={placeholder}) and use ${variable} in it."),
            ShellContext.ArithmeticExpansion => ("inside an arithmetic expansion $(( … ))", Arithmetic, CheckNumber(placeholder, variable, $"$(( 10#${variable} + 1 ))")),
            ShellContext.ArithmeticCommand => ("inside an arithmetic command (( … ))", Arithmetic, CheckNumber(placeholder, variable, $"(( 10#${variable} > 1 ))")),
            ShellContext.ArithmeticFor => ("in the header of a for (( … )) loop", Arithmetic,
                CheckNumber(placeholder, variable, $"for (( i = 0; i < 10#${variable}; i++ ))")),
            ShellContext.LegacyArithmetic => ("inside an arithmetic expansion $[ … ]", Arithmetic, CheckNumber(placeholder, variable, $"$(( 10#${variable} + 1 ))")),
            ShellContext.LetArgument => ("in an argument of let", Arithmetic, CheckNumber(placeholder, variable, $"let \"x = 10#${variable} + 1\"")),
            ShellContext.ConditionalArithmetic => ("in an operand of -eq, -ne, -lt, -le, -gt or -ge inside [[ … ]]", Arithmetic,
                $"Compare with [ {placeholder} -gt 0 ] (single brackets accept plain integers only), or "
                + LowerFirst(CheckNumber(placeholder, variable, $"[[ 10#${variable} -gt 0 ]]"))),
            ShellContext.ArraySubscript => ("inside an array subscript name[ … ]", Arithmetic, CheckNumber(placeholder, variable, $"a[10#${variable}]=…")),
            ShellContext.ParameterExpansion => ("inside another ${ … } expansion",
                "There offsets, lengths and subscripts are arithmetic and ${!…} names a variable, so the value could run a command.",
                $"Copy the value into a variable first ({variable}={placeholder}), check it, and use ${variable} inside the expansion."),
            ShellContext.DeclarationArgument => ("in an argument of declare, typeset or local, or in the name given to export or readonly",
                "These builtins read their arguments again: as a variable name (whose subscript is arithmetic), as arithmetic (-i), as an array (-a) or as a reference (-n).",
                $"Declare the variable on its own and assign the value in a plain assignment: local {variable}; {variable}={placeholder} (export {variable}={placeholder} keeps the value as data, the name must be written out)."),
            ShellContext.VariableNameOperand => ("in the operand of -v in a test", VariableName,
                $"Test a variable whose name is written out; to test that the value is not empty, use [ -n {placeholder} ]."),
            ShellContext.VariableNameArgument => ("in an argument of read or unset, or in the name after printf -v", VariableName,
                $"Write the variable names out; to read from the value, use a here-string: read -r first rest <<< {placeholder}."),
            ShellContext.CodeArgument => ("in an argument of eval, trap, compgen, mapfile or readarray",
                "Bash runs that text, or part of it, as shell code.",
                $"Pass the value to a command as an argument instead; to split it into words, use read -ra words <<< {placeholder} and then \"${{words[@]}}\"."),
            ShellContext.EvaluatedAssignment => (
                "in a value given to a variable bash evaluates (declared -i or -n in this script, RANDOM, SRANDOM, OPTIND, HISTCMD, PS0, PS1, PS2, PS4, PROMPT_COMMAND, BASH_ENV or ENV)",
                "Bash evaluates that value as arithmetic or as a variable name, or runs it as code.",
                $"Assign it to a plain variable instead ({variable}={placeholder}) and check it before any use as a number."),
            ShellContext.DuplicationTarget => ("in the target of a >& or <& redirection",
                "These take a file descriptor, and bash expands a file name after >& a second time, running a command in the value.",
                $"Redirect to a file with >{placeholder} 2>&1 or &>{placeholder}."),
            ShellContext.AliasExpandingScript => ("in a script that turns on alias expansion (shopt -s expand_aliases)",
                "An alias can make any command evaluate its arguments, which the service cannot see.",
                "Remove shopt -s expand_aliases and use functions instead."),
            _ => ("in a place the service cannot check", Quoting, Unquote(placeholder, variable)),
        };
        return $"line {line}: {placeholder} is {where}, where a quoted value is not safe. {why} {instead}";
    }

    private const string Quoting =
        "There the quotes the service adds around the value are literal or end the string early, so the value could run as code.";

    private const string Arithmetic =
        "Bash evaluates that text as an arithmetic expression, and an array subscript in it (x[$(cmd)]) runs a command whatever the quoting.";

    private const string VariableName =
        "Bash takes that text as a variable name and evaluates a subscript in it (x[$(cmd)]), which runs a command.";

    private static string Unquote(string placeholder, string variable) =>
        $"Write the placeholder unquoted (the service quotes it), e.g. {variable}={placeholder} or cmd {placeholder}, and use \"${variable}\" inside quotes.";

    private static string CheckNumber(string placeholder, string variable, string use) =>
        $"Copy the value into a variable and check it is a number first: {variable}={placeholder}; [[ ${variable} =~ ^[0-9]+$ ]] || exit 2; then use {use}.";

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>A shell variable name for the placeholder's value (placeholder names may hold '.' and '-').</summary>
    private static string VariableFor(string name) =>
        new(name.Select(character => char.IsAsciiLetterOrDigit(character) || character == '_' ? character : '_').ToArray());
}
