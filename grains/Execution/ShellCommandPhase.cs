namespace AloeOrleans.Grains.Execution;

/// <summary>Where <see cref="ShellLexer"/> is in the grammar of one command: what the next word is.</summary>
internal enum ShellCommandPhase
{
    /// <summary>The next word is a reserved word, an assignment, or the command name.</summary>
    Start,

    /// <summary>The next word is an argument of the command named.</summary>
    Arguments,

    /// <summary>After <c>for</c> or <c>select</c>: the loop variable (or <c>((</c>).</summary>
    LoopVariable,

    /// <summary>After the loop variable: <c>in</c>, or <c>do</c>.</summary>
    LoopIn,

    /// <summary>After <c>in</c>: the words the loop variable takes.</summary>
    LoopWords,

    /// <summary>After <c>case</c>: the word matched.</summary>
    CaseWord,

    /// <summary>After the word matched: <c>in</c>.</summary>
    CaseIn,

    /// <summary>A case item's patterns, up to their <c>)</c>.</summary>
    CasePattern,

    /// <summary>After <c>function</c>: the function's name.</summary>
    FunctionName,
}
