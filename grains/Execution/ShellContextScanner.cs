namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Tells, for each character of a wrapper template, which <see cref="ShellContext"/> bash reads it in: where an
/// inserted single-quoted word stays one word of data (<see cref="ShellContext.Unquoted"/>), and where quoting would be
/// literal or bash would evaluate the value (arithmetic, variable names, code). Where the script is unusual (e.g.
/// <c>$((a) )</c>, which bash reads as a command substitution, or <c>shopt -s expand_aliases</c>) it errs towards a
/// stricter context, which makes rendering refuse the template rather than produce an unsafe script. Pure: no I/O.
/// </summary>
internal static class ShellContextScanner
{
    public static ShellContext[] Classify(string script)
    {
        // A variable given -i or -n anywhere (a function may run before the declaration's line does) makes every
        // assignment to it evaluated: a first reading finds those variables, a second one marks the assignments.
        var first = ShellLexer.Lex(script, ShellBuiltins.EvaluatedVariables);
        var lexing = first;
        if (first.DeclaredEvaluatedVariables.Any(name => !ShellBuiltins.EvaluatedVariables.Contains(name)))
        {
            var evaluated = new HashSet<string>(ShellBuiltins.EvaluatedVariables, StringComparer.Ordinal);
            evaluated.UnionWith(first.DeclaredEvaluatedVariables);
            lexing = ShellLexer.Lex(script, evaluated);
        }

        var contexts = lexing.Contexts;
        if (lexing.ExpandsAliases)
        {
            for (var i = 0; i < contexts.Length; i++)
            {
                if (contexts[i] == ShellContext.Unquoted)
                {
                    contexts[i] = ShellContext.AliasExpandingScript;
                }
            }
        }

        return contexts;
    }
}
