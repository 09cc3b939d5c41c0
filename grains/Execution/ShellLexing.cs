namespace AloeOrleans.Grains.Execution;

/// <summary>
/// What one reading of a script by <see cref="ShellLexer"/> found: the context of every character, the variables the
/// script gives the integer or nameref attribute, and whether it turns on alias expansion.
/// </summary>
internal sealed record ShellLexing(ShellContext[] Contexts, IReadOnlySet<string> DeclaredEvaluatedVariables, bool ExpandsAliases);
