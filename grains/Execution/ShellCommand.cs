namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The command <see cref="ShellLexer"/> is reading in one command list: its words so far, its name, and what the
/// next word is. Reset at every command separator.
/// </summary>
internal sealed class ShellCommand
{
    public ShellCommandPhase Phase { get; set; } = ShellCommandPhase.Start;

    /// <summary>Where the word being read starts, or -1 between words.</summary>
    public int WordStart { get; set; } = -1;

    /// <summary>The command's name as bash looks it up (quotes removed); null before it or when it is computed.</summary>
    public string? Name { get; set; }

    /// <summary>After <c>command</c>, <c>builtin</c> or <c>exec</c>: the next word that is not an option names the command run.</summary>
    public bool ExpectsCommandName { get; set; }

    /// <summary>The redirection whose target the next word is.</summary>
    public ShellRedirection PendingRedirection { get; set; }

    /// <summary>The argument words, with their text when it is literal (null when the word expands something).</summary>
    public List<(ShellWord Word, string? Literal)> Arguments { get; } = [];

    /// <summary>The here-strings given to the command.</summary>
    public List<ShellWord> HereStrings { get; } = [];

    /// <summary>The command stores into a variable bash evaluates (<c>read n</c>, <c>printf -v n</c> with <c>n</c> declared <c>-i</c>).</summary>
    public bool StoresIntoEvaluatedVariable { get; set; }

    /// <summary><c>export</c> or <c>readonly</c> with <c>-a</c>/<c>-A</c>: every later argument is re-read as an array.</summary>
    public bool ArgumentsAreArrays { get; set; }

    /// <summary>Between <c>[[</c> and <c>]]</c>.</summary>
    public bool InConditional { get; set; }

    /// <summary>In <c>[[ … ]]</c>: the last operand read, which a following arithmetic operator makes arithmetic.</summary>
    public ShellWord? LastOperand { get; set; }

    /// <summary>In <c>[[ … ]]</c>: the context the next operand gets (after <c>-eq</c>, <c>-v</c> …).</summary>
    public ShellContext? NextOperand { get; set; }

    /// <summary>The variable of a <c>for</c> or <c>select</c> loop whose header is being read.</summary>
    public string? LoopVariable { get; set; }

    /// <summary>How many <c>case</c> statements are open in this command list.</summary>
    public int OpenCases { get; set; }

    public void Reset(ShellCommandPhase phase)
    {
        Phase = phase;
        WordStart = -1;
        Name = null;
        ExpectsCommandName = false;
        PendingRedirection = ShellRedirection.None;
        Arguments.Clear();
        HereStrings.Clear();
        StoresIntoEvaluatedVariable = false;
        ArgumentsAreArrays = false;
        InConditional = false;
        LastOperand = null;
        NextOperand = null;
        LoopVariable = null;
    }
}
