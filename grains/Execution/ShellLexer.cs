namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Reads a bash script once, as bash would split it into quotes, words, commands and expansions, and records the
/// <see cref="ShellContext"/> of every character. Each character first gets the context of the innermost frame it is
/// in (a quote, an expansion, an expression); a frame nested in an evaluated one inherits that context, so a
/// placeholder anywhere inside <c>$(( … ))</c>, even in a command substitution there, is refused. Once a word or a
/// command is complete, the words bash evaluates (arguments of <c>let</c>, operands of <c>-eq</c> in <c>[[ … ]]</c> …)
/// are marked as a whole. Where the script is unusual the lexer reads more as evaluated than bash might, never less.
/// </summary>
internal sealed class ShellLexer
{
    private const string WordBreaks = ";&|()<>";

    private readonly string script;
    private readonly IReadOnlySet<string> evaluatedVariables;
    private readonly ShellContext[] contexts;
    private readonly Stack<ShellFrame> frames = new();
    private readonly Queue<HereDocumentMarker> pendingHereDocuments = new();
    private readonly HashSet<string> declaredEvaluatedVariables = new(StringComparer.Ordinal);
    private bool expandsAliases;
    private int index;

    private ShellLexer(string script, IReadOnlySet<string> evaluatedVariables)
    {
        this.script = script;
        this.evaluatedVariables = evaluatedVariables;
        contexts = new ShellContext[script.Length];
    }

    /// <param name="evaluatedVariables">The variables whose assigned values bash evaluates (see <see cref="ShellBuiltins.EvaluatedVariables"/>).</param>
    public static ShellLexing Lex(string script, IReadOnlySet<string> evaluatedVariables)
    {
        var lexer = new ShellLexer(script, evaluatedVariables);
        lexer.Run();
        return new ShellLexing(lexer.contexts, lexer.declaredEvaluatedVariables, lexer.expandsAliases);
    }

    private void Run()
    {
        frames.Push(new ShellFrame(ShellFrameMode.Command, ShellContext.Unquoted) { Command = new ShellCommand() });
        while (index < script.Length)
        {
            var frame = frames.Peek();
            contexts[index] = frame.Context;
            switch (frame.Mode)
            {
                case ShellFrameMode.Command:
                    LexCommand(frame, frame.Command!);
                    break;
                case ShellFrameMode.SingleQuoted:
                    LexSingleQuoted(frame);
                    break;
                case ShellFrameMode.DoubleQuoted:
                    LexDoubleQuoted();
                    break;
                case ShellFrameMode.Backquoted:
                    LexBackquoted();
                    break;
                case ShellFrameMode.Comment:
                    LexComment();
                    break;
                case ShellFrameMode.Arithmetic:
                    LexBalanced(frame, '(', ')');
                    break;
                case ShellFrameMode.LegacyArithmetic or ShellFrameMode.Subscript:
                    LexBalanced(frame, '[', ']');
                    break;
                case ShellFrameMode.ParameterExpansion:
                    // Bash counts the braces inside ${ … }: ${x:-{a}} is one expansion.
                    LexBalanced(frame, '{', '}');
                    break;
                case ShellFrameMode.ArrayElements:
                    LexArrayElements(frame);
                    break;
            }
        }

        // The script ends every command still open.
        while (frames.Count > 0)
        {
            if (frames.Pop().Command is { } command)
            {
                EndCommand(command, ShellCommandPhase.Start);
            }
        }
    }

    private void LexCommand(ShellFrame frame, ShellCommand command)
    {
        var character = script[index];
        if (character == '\\')
        {
            // A backslash-newline joins two lines: it neither ends nor starts a word.
            if (At(index + 1) != '\n')
            {
                StartWord(command);
            }

            AdvanceEscaped();
            return;
        }

        if (character is ' ' or '\t')
        {
            EndWord(command);
            Advance(1);
            return;
        }

        if (character == '\n')
        {
            LexNewline(command);
            return;
        }

        if (character == '#' && command.WordStart < 0)
        {
            Push(new ShellFrame(ShellFrameMode.Comment, ShellContext.Comment));
            Advance(1);
            return;
        }

        var isOperator = command.InConditional ? LexConditionalOperator(frame, command) : LexOperator(frame, command);
        if (!isOperator)
        {
            LexWordCharacter(command);
        }
    }

    private void LexNewline(ShellCommand command)
    {
        EndWord(command);
        // A newline ends a command, but not a [[ … ]], nor the parts of for and case that may span lines.
        if (!command.InConditional && command.Phase is not (ShellCommandPhase.LoopIn or ShellCommandPhase.CaseWord
                or ShellCommandPhase.CaseIn or ShellCommandPhase.CasePattern))
        {
            EndCommand(command, ShellCommandPhase.Start);
        }

        Advance(1);
        if (pendingHereDocuments.Count > 0)
        {
            index += MarkHereDocumentBodies(index);
        }
    }

    /// <summary>Reads <c>; &amp; | ( ) &lt; &gt;</c> and what they start; false when the character is part of a word.</summary>
    private bool LexOperator(ShellFrame frame, ShellCommand command)
    {
        switch (script[index])
        {
            case ';':
                // ";;", ";&" and ";;&" end a case item: patterns follow.
                if (At(index + 1) is ';' or '&')
                {
                    var length = At(index + 1) == ';' && At(index + 2) == '&' ? 3 : 2;
                    EndCommand(command, command.OpenCases > 0 ? ShellCommandPhase.CasePattern : ShellCommandPhase.Start);
                    Advance(length);
                    return true;
                }

                EndCommand(command, ShellCommandPhase.Start);
                Advance(1);
                return true;

            case '&':
                if (At(index + 1) == '>')
                {
                    EndWord(command);
                    command.PendingRedirection = ShellRedirection.File;
                    Advance(At(index + 2) == '>' ? 3 : 2);
                    return true;
                }

                EndCommand(command, ShellCommandPhase.Start);
                Advance(At(index + 1) == '&' ? 2 : 1);
                return true;

            case '|':
                if (command.Phase == ShellCommandPhase.CasePattern)
                {
                    EndWord(command);
                    Advance(1);
                    return true;
                }

                EndCommand(command, ShellCommandPhase.Start);
                Advance(At(index + 1) is '|' or '&' ? 2 : 1);
                return true;

            case '(':
                LexOpeningParenthesis(frame, command);
                return true;

            case ')':
                LexClosingParenthesis(frame, command);
                return true;

            case '<' or '>':
                LexRedirection(command);
                return true;

            default:
                return false;
        }
    }

    private void LexOpeningParenthesis(ShellFrame frame, ShellCommand command)
    {
        if (command.WordStart >= 0 && ShellBuiltins.Assignment(script[command.WordStart..index]) is { } assignment
            && assignment.ValueStart == index - command.WordStart)
        {
            var elements = evaluatedVariables.Contains(assignment.Name) ? ShellContext.EvaluatedAssignment : ShellContext.Unquoted;
            Advance(1);
            Push(new ShellFrame(ShellFrameMode.ArrayElements, Inherited(elements)));
            return;
        }

        // "for((" and "while((": the word before ends at the parenthesis.
        EndWord(command);
        if (At(index + 1) == '(' && command.Phase is ShellCommandPhase.Start or ShellCommandPhase.LoopVariable)
        {
            // "((" where a command starts is bash's arithmetic command; after "for" it is the arithmetic for loop.
            // Bash reads "((a) )" as two subshells; reading it as arithmetic refuses more, never less.
            var context = command.Phase == ShellCommandPhase.Start ? ShellContext.ArithmeticCommand : ShellContext.ArithmeticFor;
            command.Phase = ShellCommandPhase.Arguments;
            command.Name = "((";
            Advance(2);
            Push(new ShellFrame(ShellFrameMode.Arithmetic, Inherited(context)) { Depth = 2 });
            return;
        }

        if (command.Phase == ShellCommandPhase.CasePattern)
        {
            // The optional "(" before a case pattern.
            Advance(1);
            return;
        }

        EndCommand(command, ShellCommandPhase.Start);
        frame.Depth++;
        Advance(1);
    }

    private void LexClosingParenthesis(ShellFrame frame, ShellCommand command)
    {
        if (command.Phase == ShellCommandPhase.CasePattern)
        {
            EndWord(command);
            command.Phase = ShellCommandPhase.Start;
            Advance(1);
            return;
        }

        EndCommand(command, ShellCommandPhase.Start);
        Advance(1);
        if (frame.Depth > 0)
        {
            frame.Depth--;
        }
        else if (frame.ClosesOnParenthesis)
        {
            frames.Pop();
        }
    }

    private void LexRedirection(ShellCommand command)
    {
        var character = script[index];
        var next = At(index + 1);
        if (next == '(')
        {
            // <( … ) and >( … ): a command list whose output or input is a file name, one word.
            StartWord(command);
            Advance(2);
            PushCommandList();
            return;
        }

        if (command.WordStart >= 0)
        {
            // "2>" and "{fd}>": the word before is the operator's file descriptor, not an argument.
            if (IsDescriptorPrefix(script[command.WordStart..index]))
            {
                command.WordStart = -1;
            }
            else
            {
                EndWord(command);
            }
        }

        var (redirection, length) = character == '<'
            ? next switch
            {
                '<' when At(index + 2) == '<' => (ShellRedirection.HereString, 3),
                '<' => (ShellRedirection.HereDocumentDelimiter, 2),
                '&' => (ShellRedirection.Duplicate, 2),
                _ => (ShellRedirection.File, next == '>' ? 2 : 1),
            }
            : next switch
            {
                '&' => (ShellRedirection.Duplicate, 2),
                _ => (ShellRedirection.File, next is '>' or '|' ? 2 : 1),
            };
        if (redirection == ShellRedirection.HereDocumentDelimiter && ReadHereDocument(index + 2) is { } hereDocument)
        {
            pendingHereDocuments.Enqueue(hereDocument);
        }

        command.PendingRedirection = redirection;
        Advance(length);
    }

    /// <summary>Inside <c>[[ … ]]</c>: <c>&amp;&amp; || ( ) &lt; &gt;</c> are operators of the expression, not of the command line.</summary>
    private bool LexConditionalOperator(ShellFrame frame, ShellCommand command)
    {
        var character = script[index];
        var isLogical = (character == '&' && At(index + 1) == '&') || (character == '|' && At(index + 1) == '|');
        if (!isLogical && character is not ('(' or ')' or '<' or '>' or ';'))
        {
            return false;
        }

        EndWord(command);
        if (!command.InConditional)
        {
            // The word just ended was "]]" ("[[ … ]]&& …"): the operator belongs to the command line.
            return LexOperator(frame, command);
        }

        if (character == ';')
        {
            EndCommand(command, ShellCommandPhase.Start);
            Advance(1);
            return true;
        }

        command.LastOperand = null;
        Advance(isLogical ? 2 : 1);
        return true;
    }

    private void LexWordCharacter(ShellCommand command)
    {
        StartWord(command);
        if (TryLexDollar(quotesStartHere: true) || TryLexQuote())
        {
            return;
        }

        if (script[index] == '[' && IsSubscriptStart(command))
        {
            // Where an assignment may stand, bash reads the subscript up to its matching "]", blanks and newlines
            // included (a[i + 1]=x); elsewhere (unset a[i], read a[i]) the word, and with it the subscript, ends at a blank.
            var spansBlanks = command.Phase == ShellCommandPhase.Start && !command.InConditional;
            Advance(1);
            Push(new ShellFrame(ShellFrameMode.Subscript, Inherited(ShellContext.ArraySubscript)) { Depth = 1, SpansBlanks = spansBlanks });
            return;
        }

        Advance(1);
    }

    private void LexSingleQuoted(ShellFrame frame)
    {
        var character = script[index];
        if (frame.BackslashEscapes && character == '\\')
        {
            AdvanceEscaped();
            return;
        }

        Advance(1);
        if (character == '\'')
        {
            frames.Pop();
        }
    }

    private void LexDoubleQuoted()
    {
        switch (script[index])
        {
            case '\\':
                AdvanceEscaped();
                return;
            case '"':
                Advance(1);
                frames.Pop();
                return;
            case '`':
                Advance(1);
                Push(new ShellFrame(ShellFrameMode.Backquoted, Inherited(ShellContext.Backquoted)));
                return;
        }

        if (!TryLexDollar(quotesStartHere: false))
        {
            Advance(1);
        }
    }

    private void LexBackquoted()
    {
        var character = script[index];
        if (character == '\\')
        {
            AdvanceEscaped();
            return;
        }

        Advance(1);
        if (character == '`')
        {
            frames.Pop();
        }
    }

    private void LexComment()
    {
        if (script[index] == '\n')
        {
            // The newline belongs to the command list around the comment: it ends a command there.
            frames.Pop();
            return;
        }

        Advance(1);
    }

    /// <summary>
    /// An arithmetic expression, an expansion or a subscript: ends when its <paramref name="open"/>/<paramref name="close"/>
    /// balance, or, for a subscript outside an assignment, where its word ends.
    /// </summary>
    private void LexBalanced(ShellFrame frame, char open, char close)
    {
        var character = script[index];
        if (character == '\\')
        {
            AdvanceEscaped();
            return;
        }

        if (frame.Mode == ShellFrameMode.Subscript && !frame.SpansBlanks && (char.IsWhiteSpace(character) || WordBreaks.Contains(character, StringComparison.Ordinal)))
        {
            // The blank or operator belongs to the command line around the word.
            frames.Pop();
            return;
        }

        if (TryLexDollar(quotesStartHere: true) || TryLexQuote())
        {
            return;
        }

        Advance(1);
        if (character == open)
        {
            frame.Depth++;
        }
        else if (character == close && --frame.Depth == 0)
        {
            frames.Pop();
        }
    }

    private void LexArrayElements(ShellFrame frame)
    {
        var character = script[index];
        var atElementStart = frame.AtElementStart;
        frame.AtElementStart = character is ' ' or '\t' or '\n';
        switch (character)
        {
            case '\\':
                AdvanceEscaped();
                return;
            case ')':
                Advance(1);
                frames.Pop();
                return;
            case '#' when atElementStart:
                frame.AtElementStart = true;
                Push(new ShellFrame(ShellFrameMode.Comment, ShellContext.Comment));
                Advance(1);
                return;
            case '[' when atElementStart:
                Advance(1);
                Push(new ShellFrame(ShellFrameMode.Subscript, Inherited(ShellContext.ArraySubscript)) { Depth = 1, SpansBlanks = true });
                return;
        }

        if (!TryLexDollar(quotesStartHere: true) && !TryLexQuote())
        {
            Advance(1);
        }
    }

    /// <summary><c>$(( $( ${ $[</c> and, where quotes start, <c>$' $"</c>: pushes what they open.</summary>
    private bool TryLexDollar(bool quotesStartHere)
    {
        if (script[index] != '$')
        {
            return false;
        }

        switch (At(index + 1))
        {
            case '(' when At(index + 2) == '(':
                // Bash reads "$((a) )" as a command substitution; reading it as arithmetic refuses more, never less.
                Advance(3);
                Push(new ShellFrame(ShellFrameMode.Arithmetic, Inherited(ShellContext.ArithmeticExpansion)) { Depth = 2 });
                return true;
            case '(':
                Advance(2);
                PushCommandList();
                return true;
            case '{':
                Advance(2);
                Push(new ShellFrame(ShellFrameMode.ParameterExpansion, Inherited(ShellContext.ParameterExpansion)) { Depth = 1 });
                return true;
            case '[':
                Advance(2);
                Push(new ShellFrame(ShellFrameMode.LegacyArithmetic, Inherited(ShellContext.LegacyArithmetic)) { Depth = 1 });
                return true;
            case '\'' when quotesStartHere:
                // bash's $'…' quoting, in which a backslash escapes a quote.
                Advance(2);
                Push(new ShellFrame(ShellFrameMode.SingleQuoted, Inherited(ShellContext.SingleQuoted)) { BackslashEscapes = true });
                return true;
            case '"' when quotesStartHere:
                Advance(2);
                Push(new ShellFrame(ShellFrameMode.DoubleQuoted, Inherited(ShellContext.DoubleQuoted)));
                return true;
            default:
                return false;
        }
    }

    private bool TryLexQuote()
    {
        var (mode, context) = script[index] switch
        {
            '\'' => (ShellFrameMode.SingleQuoted, ShellContext.SingleQuoted),
            '"' => (ShellFrameMode.DoubleQuoted, ShellContext.DoubleQuoted),
            '`' => (ShellFrameMode.Backquoted, ShellContext.Backquoted),
            _ => (ShellFrameMode.Command, ShellContext.Unquoted),
        };
        if (mode == ShellFrameMode.Command)
        {
            return false;
        }

        Advance(1);
        Push(new ShellFrame(mode, Inherited(context)));
        return true;
    }

    private void PushCommandList() =>
        Push(new ShellFrame(ShellFrameMode.Command, Inherited(ShellContext.Unquoted)) { ClosesOnParenthesis = true, Command = new ShellCommand() });

    private void Push(ShellFrame frame) => frames.Push(frame);

    /// <summary>A frame inside an evaluated one is evaluated too: its text ends up in the expression.</summary>
    private ShellContext Inherited(ShellContext own) => IsEvaluated(frames.Peek().Context) ? frames.Peek().Context : own;

    private static bool IsEvaluated(ShellContext context) => context is not (ShellContext.Unquoted or ShellContext.SingleQuoted
        or ShellContext.DoubleQuoted or ShellContext.Backquoted or ShellContext.Comment or ShellContext.HereDocument or ShellContext.Escaped);

    private void StartWord(ShellCommand command)
    {
        if (command.WordStart < 0)
        {
            command.WordStart = index;
        }
    }

    private void EndWord(ShellCommand command)
    {
        if (command.WordStart < 0)
        {
            return;
        }

        var word = new ShellWord(command.WordStart, index);
        command.WordStart = -1;
        var text = script[word.Start..word.End];
        if (command.PendingRedirection != ShellRedirection.None)
        {
            EndRedirectionTarget(command, word);
        }
        else if (command.InConditional)
        {
            EndConditionalWord(command, word, text);
        }
        else
        {
            EndCommandWord(command, word, text);
        }
    }

    private void EndRedirectionTarget(ShellCommand command, ShellWord word)
    {
        switch (command.PendingRedirection)
        {
            case ShellRedirection.Duplicate:
                // Bash expands the word after ">&" a second time when it is not a number or "-".
                Mark(word, ShellContext.DuplicationTarget);
                break;
            case ShellRedirection.HereDocumentDelimiter:
                Mark(word, ShellContext.HereDocument);
                break;
            case ShellRedirection.HereString:
                command.HereStrings.Add(word);
                break;
        }

        command.PendingRedirection = ShellRedirection.None;
    }

    private void EndConditionalWord(ShellCommand command, ShellWord word, string text)
    {
        if (text == "]]")
        {
            command.InConditional = false;
            command.LastOperand = null;
            command.NextOperand = null;
            return;
        }

        if (ShellBuiltins.ArithmeticComparisons.Contains(text))
        {
            if (command.LastOperand is { } left)
            {
                Mark(left, ShellContext.ConditionalArithmetic);
            }

            command.LastOperand = null;
            command.NextOperand = ShellContext.ConditionalArithmetic;
            return;
        }

        if (text == "-v")
        {
            command.LastOperand = null;
            command.NextOperand = ShellContext.VariableNameOperand;
            return;
        }

        if (text == "!")
        {
            return;
        }

        if (command.NextOperand is { } context)
        {
            Mark(word, context);
            command.NextOperand = null;
        }

        command.LastOperand = word;
    }

    private void EndCommandWord(ShellCommand command, ShellWord word, string text)
    {
        switch (command.Phase)
        {
            case ShellCommandPhase.Start:
                EndFirstWord(command, word, text);
                break;
            case ShellCommandPhase.Arguments:
                EndArgument(command, word, text);
                break;
            case ShellCommandPhase.LoopVariable:
                command.LoopVariable = text;
                command.Phase = ShellCommandPhase.LoopIn;
                break;
            case ShellCommandPhase.LoopIn:
                command.Phase = text == "in" ? ShellCommandPhase.LoopWords : ShellCommandPhase.Start;
                break;
            case ShellCommandPhase.LoopWords:
                if (command.LoopVariable is { } variable && evaluatedVariables.Contains(variable))
                {
                    Mark(word, ShellContext.EvaluatedAssignment);
                }

                break;
            case ShellCommandPhase.CaseWord:
                command.Phase = ShellCommandPhase.CaseIn;
                break;
            case ShellCommandPhase.CaseIn:
                if (text == "in")
                {
                    command.OpenCases++;
                    command.Phase = ShellCommandPhase.CasePattern;
                }
                else
                {
                    command.Phase = ShellCommandPhase.Start;
                }

                break;
            case ShellCommandPhase.CasePattern:
                if (text == "esac")
                {
                    command.OpenCases = Math.Max(0, command.OpenCases - 1);
                    command.Phase = ShellCommandPhase.Start;
                }

                break;
            case ShellCommandPhase.FunctionName:
                command.Phase = ShellCommandPhase.Start;
                break;
        }
    }

    /// <summary>The first word of a command: a reserved word (only as written, unquoted), an assignment, or the command's name.</summary>
    private void EndFirstWord(ShellCommand command, ShellWord word, string text)
    {
        switch (text)
        {
            case "[[":
                command.InConditional = true;
                command.Phase = ShellCommandPhase.Arguments;
                command.Name = "[[";
                return;
            case "for" or "select":
                command.Phase = ShellCommandPhase.LoopVariable;
                return;
            case "case":
                command.Phase = ShellCommandPhase.CaseWord;
                return;
            case "function":
                command.Phase = ShellCommandPhase.FunctionName;
                return;
            case "esac":
                command.OpenCases = Math.Max(0, command.OpenCases - 1);
                return;
            case var reserved when ShellBuiltins.CommandPrefixWords.Contains(reserved):
                return;
        }

        if (ShellBuiltins.Assignment(text) is { } assignment)
        {
            MarkEvaluatedAssignment(word, assignment);
            return;
        }

        command.Name = ShellBuiltins.Literal(text);
        command.Phase = ShellCommandPhase.Arguments;
        command.ExpectsCommandName = command.Name is not null && ShellBuiltins.CommandRunners.Contains(command.Name);
    }

    private void EndArgument(ShellCommand command, ShellWord word, string text)
    {
        var literal = ShellBuiltins.Literal(text);
        if (command.ExpectsCommandName)
        {
            // command/builtin/exec [options] NAME: NAME is the command that runs, with the words after as its arguments.
            if (literal is not ['-', ..])
            {
                command.Name = literal;
                command.ExpectsCommandName = literal is not null && ShellBuiltins.CommandRunners.Contains(literal);
            }

            return;
        }

        if (ShellBuiltins.Assignment(text) is { } assignment)
        {
            MarkEvaluatedAssignment(word, assignment);
        }

        if (literal is not null && evaluatedVariables.Contains(literal) && command.Name is { } name && ShellBuiltins.StoringBuiltins.Contains(name))
        {
            command.StoresIntoEvaluatedVariable = true;
        }

        var hasPrevious = command.Arguments.Count > 0;
        var previous = hasPrevious ? command.Arguments[^1].Literal : null;
        if (ShellBuiltins.ArgumentContext(command.Name) is { } context)
        {
            Mark(word, context);
        }
        else if (command.Name == "printf" && (previous == "-v" || literal is ['-', 'v', _, ..]))
        {
            Mark(word, ShellContext.VariableNameArgument);
        }
        else if (ShellBuiltins.IsTest(command.Name) && hasPrevious && previous is null or "-v")
        {
            // test takes its operators from its arguments when it runs: after "-v", or after a word whose value could
            // be "-v", an argument may be read as a variable name.
            Mark(word, ShellContext.VariableNameOperand);
        }
        else if (ShellBuiltins.IsExportLike(command.Name))
        {
            EndExportArgument(command, word, text, literal);
        }

        command.Arguments.Add((word, literal));
    }

    /// <summary>
    /// <c>export</c> and <c>readonly</c> keep the value of <c>NAME=value</c> as data, even for an existing array, but
    /// take the name as a variable name; with <c>-a</c>/<c>-A</c> they re-read the value as an array.
    /// </summary>
    private void EndExportArgument(ShellCommand command, ShellWord word, string text, string? literal)
    {
        if (literal is ['-', _, ..])
        {
            command.ArgumentsAreArrays |= literal.Contains('a', StringComparison.Ordinal) || literal.Contains('A', StringComparison.Ordinal);
            return;
        }

        if (command.ArgumentsAreArrays)
        {
            Mark(word, ShellContext.DeclarationArgument);
            return;
        }

        var nameEnd = ShellBuiltins.Assignment(text) is { } assignment ? assignment.ValueStart : text.Length;
        Mark(word.Start, word.Start + nameEnd, ShellContext.DeclarationArgument);
    }

    private void MarkEvaluatedAssignment(ShellWord word, (string Name, int ValueStart) assignment)
    {
        if (evaluatedVariables.Contains(assignment.Name))
        {
            Mark(word.Start + assignment.ValueStart, word.End, ShellContext.EvaluatedAssignment);
        }
    }

    private void EndCommand(ShellCommand command, ShellCommandPhase next)
    {
        EndWord(command);
        if (command.StoresIntoEvaluatedVariable)
        {
            foreach (var (word, _) in command.Arguments)
            {
                Mark(word, ShellContext.EvaluatedAssignment);
            }

            foreach (var word in command.HereStrings)
            {
                Mark(word, ShellContext.EvaluatedAssignment);
            }
        }

        if (command.Name is { } name && ShellBuiltins.AttributeBuiltins.Contains(name))
        {
            CollectEvaluatedDeclarations(command);
        }

        if (command.Name == "shopt" && command.Arguments.Any(argument => argument.Literal == "expand_aliases"))
        {
            expandsAliases = true;
        }

        command.Reset(next);
    }

    /// <summary><c>declare -i n</c>, <c>local -n ref</c> …: assignments to these names are evaluated from now on (or, in a function, later).</summary>
    private void CollectEvaluatedDeclarations(ShellCommand command)
    {
        var options = command.Arguments.Select(argument => argument.Literal).Where(literal => literal is ['-', _, ..]).ToList();
        if (!options.Any(option => option!.Contains('i', StringComparison.Ordinal) || option.Contains('n', StringComparison.Ordinal)))
        {
            return;
        }

        foreach (var (_, literal) in command.Arguments)
        {
            if (literal is not null && ShellBuiltins.IdentifierLength(literal) is > 0 and var length)
            {
                declaredEvaluatedVariables.Add(literal[..length]);
            }
        }
    }

    /// <summary>Gives the characters of <paramref name="word"/> that are data so far the evaluated <paramref name="context"/>.</summary>
    private void Mark(ShellWord word, ShellContext context) => Mark(word.Start, word.End, context);

    private void Mark(int start, int end, ShellContext context)
    {
        for (var i = start; i < end; i++)
        {
            if (contexts[i] is ShellContext.Unquoted or ShellContext.SingleQuoted or ShellContext.DoubleQuoted or ShellContext.Backquoted)
            {
                contexts[i] = context;
            }
        }
    }

    private bool IsSubscriptStart(ShellCommand command)
    {
        var length = index - command.WordStart;
        return length > 0 && ShellBuiltins.IdentifierLength(script.Substring(command.WordStart, length)) == length;
    }

    private static bool IsDescriptorPrefix(string word) =>
        (word.Length > 0 && word.All(char.IsAsciiDigit))
        || (word.Length > 2 && word[0] == '{' && word[^1] == '}' && ShellBuiltins.IdentifierLength(word[1..^1]) == word.Length - 2);

    /// <summary>Marks the bodies of all pending here-documents, which start at <paramref name="start"/>, after the newline ending their command line.</summary>
    /// <returns>How many characters the bodies span, delimiter lines included.</returns>
    private int MarkHereDocumentBodies(int start)
    {
        var position = start;
        while (pendingHereDocuments.Count > 0 && position < script.Length)
        {
            var hereDocument = pendingHereDocuments.Peek();
            var lineEnd = script.IndexOf('\n', position);
            var end = lineEnd < 0 ? script.Length : lineEnd + 1;
            Array.Fill(contexts, ShellContext.HereDocument, position, end - position);
            var line = script[position..(lineEnd < 0 ? script.Length : lineEnd)];
            if ((hereDocument.StripTabs ? line.TrimStart('\t') : line) == hereDocument.Delimiter)
            {
                pendingHereDocuments.Dequeue();
            }

            position = end;
        }

        // An unterminated here-document runs to the end of the script.
        pendingHereDocuments.Clear();
        return position - start;
    }

    private HereDocumentMarker? ReadHereDocument(int start)
    {
        var position = start;
        var stripTabs = At(position) == '-';
        if (stripTabs)
        {
            position++;
        }

        while (At(position) is ' ' or '\t')
        {
            position++;
        }

        var wordStart = position;
        while (position < script.Length && !char.IsWhiteSpace(script[position]) && !WordBreaks.Contains(script[position], StringComparison.Ordinal))
        {
            position++;
        }

        // Quoting the delimiter only stops expansion in the body; the delimiter itself is the word without quotes.
        var delimiter = new string(script[wordStart..position].Where(character => character is not ('\'' or '"' or '\\')).ToArray());
        return delimiter.Length == 0 ? null : new HereDocumentMarker(delimiter, stripTabs);
    }

    /// <summary>Moves past <paramref name="count"/> characters, which share the context of the first.</summary>
    private void Advance(int count)
    {
        var end = Math.Min(index + count, script.Length);
        for (var i = index + 1; i < end; i++)
        {
            contexts[i] = contexts[index];
        }

        index = end;
    }

    /// <summary>Moves past a backslash and the character it makes literal.</summary>
    private void AdvanceEscaped()
    {
        if (index + 1 < script.Length)
        {
            contexts[index + 1] = ShellContext.Escaped;
        }

        index = Math.Min(index + 2, script.Length);
    }

    private char At(int position) => position >= 0 && position < script.Length ? script[position] : '\0';
}
