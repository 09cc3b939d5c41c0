namespace AloeOrleans.Grains.Execution;

/// <summary>
/// What bash does with the words of its reserved words and builtins, as far as <see cref="ShellLexer"/> needs to know
/// where a value would be evaluated rather than kept as data (docs/security.md, "App templates").
/// </summary>
internal static class ShellBuiltins
{
    /// <summary>
    /// Variables bash evaluates when they are assigned or used: its own integer variables (an assignment is arithmetic)
    /// and those whose value it runs as code (prompts, the start-up file of a new shell).
    /// </summary>
    public static readonly IReadOnlySet<string> EvaluatedVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "RANDOM", "SRANDOM", "OPTIND", "HISTCMD",
        "PS0", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "BASH_ENV", "ENV",
    };

    /// <summary>Operators of <c>[[ … ]]</c> whose operands are arithmetic expressions.</summary>
    public static readonly IReadOnlySet<string> ArithmeticComparisons = new HashSet<string>(StringComparer.Ordinal)
    {
        "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
    };

    /// <summary>Words that keep the next word at the start of a command.</summary>
    public static readonly IReadOnlySet<string> CommandPrefixWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "time", "coproc",
    };

    /// <summary>Builtins whose next word that is not an option is the command they run.</summary>
    public static readonly IReadOnlySet<string> CommandRunners = new HashSet<string>(StringComparer.Ordinal) { "command", "builtin", "exec" };

    /// <summary>Builtins that store what they read or print into the variables they name.</summary>
    public static readonly IReadOnlySet<string> StoringBuiltins = new HashSet<string>(StringComparer.Ordinal) { "read", "mapfile", "readarray", "printf" };

    /// <summary>Builtins that give the variables they name attributes (<c>-i</c> integer, <c>-n</c> nameref, <c>-a</c> array).</summary>
    public static readonly IReadOnlySet<string> AttributeBuiltins = new HashSet<string>(StringComparer.Ordinal) { "declare", "typeset", "local" };

    /// <summary>
    /// The context every argument of the builtin <paramref name="name"/> is in, or null when its arguments are data
    /// (or need a closer look: <c>printf</c>, <c>test</c>, <c>export</c>, <c>readonly</c>).
    /// </summary>
    public static ShellContext? ArgumentContext(string? name) => name switch
    {
        "let" => ShellContext.LetArgument,
        "declare" or "typeset" or "local" => ShellContext.DeclarationArgument,
        "read" or "unset" => ShellContext.VariableNameArgument,
        "eval" or "trap" or "compgen" or "mapfile" or "readarray" => ShellContext.CodeArgument,
        _ => null,
    };

    public static bool IsTest(string? name) => name is "test" or "[";

    public static bool IsExportLike(string? name) => name is "export" or "readonly";

    /// <summary>The name an assignment word assigns to (<c>n=…</c>, <c>n+=…</c>, <c>n[i]=…</c>) and where its value starts; null when the word is not one.</summary>
    public static (string Name, int ValueStart)? Assignment(string word)
    {
        var nameLength = IdentifierLength(word);
        if (nameLength == 0)
        {
            return null;
        }

        var position = nameLength;
        if (position < word.Length && word[position] == '[')
        {
            var depth = 0;
            for (; position < word.Length; position++)
            {
                depth += word[position] switch { '[' => 1, ']' => -1, _ => 0 };
                if (depth == 0)
                {
                    break;
                }
            }

            position++;
        }

        if (position < word.Length && word[position] == '+')
        {
            position++;
        }

        return position < word.Length && word[position] == '=' ? (word[..nameLength], position + 1) : null;
    }

    /// <summary>The length of the shell identifier (letters, digits, <c>_</c>, not starting with a digit) at the start of <paramref name="text"/>.</summary>
    public static int IdentifierLength(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return 0;
        }

        var length = 1;
        while (length < text.Length && (char.IsAsciiLetterOrDigit(text[length]) || text[length] == '_'))
        {
            length++;
        }

        return length;
    }

    /// <summary>
    /// The word as bash sees it after quote removal, when that does not depend on any expansion: <c>'let'</c> and
    /// <c>\let</c> are <c>let</c>. Null when the word holds <c>$</c> or a backquote.
    /// </summary>
    public static string? Literal(string word)
    {
        if (word.Contains('$') || word.Contains('`'))
        {
            return null;
        }

        var literal = new System.Text.StringBuilder(word.Length);
        var quote = '\0';
        for (var i = 0; i < word.Length; i++)
        {
            var character = word[i];
            if (quote == '\0' && character is '\'' or '"')
            {
                quote = character;
            }
            else if (character == quote)
            {
                quote = '\0';
            }
            else if (character == '\\' && quote != '\'' && i + 1 < word.Length)
            {
                literal.Append(word[++i]);
            }
            else
            {
                literal.Append(character);
            }
        }

        return literal.ToString();
    }
}
