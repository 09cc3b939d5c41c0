namespace AloeOrleans.Grains.Execution;

/// <summary>
/// A small POSIX/bash lexer that tells, for each character of a wrapper template, which <see cref="ShellContext"/> it is
/// in. It only needs to be right about where quoting makes an inserted single-quoted word unsafe; where the script is
/// unusual (e.g. <c>&lt;&lt;</c> inside arithmetic) it errs towards a stricter context, which makes rendering refuse the
/// template rather than produce an unsafe script.
/// </summary>
internal static class ShellContextScanner
{
    private const string WordBreaks = ";&|()<>";

    public static ShellContext[] Classify(string script)
    {
        var contexts = new ShellContext[script.Length];
        var frames = new Stack<ShellFrame>();
        frames.Push(new ShellFrame(ShellContext.Unquoted, isCommandSubstitution: false));
        var pendingHereDocuments = new Queue<HereDocumentMarker>();
        var index = 0;
        while (index < script.Length)
        {
            var frame = frames.Peek();
            var character = script[index];
            contexts[index] = frame.Context;
            var advance = 1;
            var bodyMarked = false;
            var escapesNext = false;
            switch (frame.Context)
            {
                case ShellContext.Unquoted:
                    if (character == '\\')
                    {
                        advance = 2;
                        escapesNext = true;
                    }
                    else if (character == '$' && At(script, index + 1) == '\'')
                    {
                        // bash's $'…' quoting, in which a backslash escapes a quote.
                        frames.Push(new ShellFrame(ShellContext.SingleQuoted, isCommandSubstitution: false, backslashEscapes: true));
                        advance = 2;
                    }
                    else if (character == '$' && At(script, index + 1) == '(')
                    {
                        frames.Push(new ShellFrame(ShellContext.Unquoted, isCommandSubstitution: true));
                        advance = 2;
                    }
                    else if (character == '\'')
                    {
                        frames.Push(new ShellFrame(ShellContext.SingleQuoted, isCommandSubstitution: false));
                    }
                    else if (character == '"')
                    {
                        frames.Push(new ShellFrame(ShellContext.DoubleQuoted, isCommandSubstitution: false));
                    }
                    else if (character == '`')
                    {
                        frames.Push(new ShellFrame(ShellContext.Backquoted, isCommandSubstitution: false));
                    }
                    else if (character == '#' && StartsWord(script, index))
                    {
                        frames.Push(new ShellFrame(ShellContext.Comment, isCommandSubstitution: false));
                    }
                    else if (character == '(')
                    {
                        frame.OpenParentheses++;
                    }
                    else if (character == ')')
                    {
                        if (frame.OpenParentheses > 0)
                        {
                            frame.OpenParentheses--;
                        }
                        else if (frame.IsCommandSubstitution)
                        {
                            frames.Pop();
                        }
                    }
                    else if (character == '<' && At(script, index + 1) == '<' && At(script, index + 2) != '<' && At(script, index - 1) != '<')
                    {
                        if (ReadHereDocument(script, index + 2) is { } hereDocument)
                        {
                            pendingHereDocuments.Enqueue(hereDocument);
                        }

                        advance = 2;
                    }
                    else if (character == '\n' && pendingHereDocuments.Count > 0)
                    {
                        advance += MarkHereDocumentBodies(script, index + 1, pendingHereDocuments, contexts);
                        bodyMarked = true;
                    }

                    break;

                case ShellContext.SingleQuoted:
                    if (frame.BackslashEscapes && character == '\\')
                    {
                        advance = 2;
                        escapesNext = true;
                    }
                    else if (character == '\'')
                    {
                        frames.Pop();
                    }

                    break;

                case ShellContext.DoubleQuoted:
                    if (character == '\\')
                    {
                        advance = 2;
                        escapesNext = true;
                    }
                    else if (character == '"')
                    {
                        frames.Pop();
                    }
                    else if (character == '$' && At(script, index + 1) == '(')
                    {
                        frames.Push(new ShellFrame(ShellContext.Unquoted, isCommandSubstitution: true));
                        advance = 2;
                    }
                    else if (character == '`')
                    {
                        frames.Push(new ShellFrame(ShellContext.Backquoted, isCommandSubstitution: false));
                    }

                    break;

                case ShellContext.Backquoted:
                    if (character == '\\')
                    {
                        advance = 2;
                        escapesNext = true;
                    }
                    else if (character == '`')
                    {
                        frames.Pop();
                    }

                    break;

                case ShellContext.Comment:
                    if (character == '\n')
                    {
                        frames.Pop();
                        contexts[index] = frames.Peek().Context;
                        if (pendingHereDocuments.Count > 0)
                        {
                            advance += MarkHereDocumentBodies(script, index + 1, pendingHereDocuments, contexts);
                        bodyMarked = true;
                        }
                    }

                    break;
            }

            // The second character of a two-character token ("$(", "<<") shares the context of the first; an escaped
            // character is literal wherever it is.
            if (advance == 2 && !bodyMarked && index + 1 < script.Length)
            {
                contexts[index + 1] = escapesNext ? ShellContext.Escaped : frame.Context;
            }

            index += advance;
        }

        return contexts;
    }

    /// <summary>Marks the bodies of all pending here-documents, which start after the newline ending their command line.</summary>
    /// <returns>How many characters the bodies span, delimiter lines included.</returns>
    private static int MarkHereDocumentBodies(string script, int start, Queue<HereDocumentMarker> pending, ShellContext[] contexts)
    {
        var position = start;
        while (pending.Count > 0 && position < script.Length)
        {
            var hereDocument = pending.Peek();
            var lineEnd = script.IndexOf('\n', position);
            var end = lineEnd < 0 ? script.Length : lineEnd + 1;
            Array.Fill(contexts, ShellContext.HereDocument, position, end - position);
            var line = script[position..(lineEnd < 0 ? script.Length : lineEnd)];
            if ((hereDocument.StripTabs ? line.TrimStart('\t') : line) == hereDocument.Delimiter)
            {
                pending.Dequeue();
            }

            position = end;
        }

        // An unterminated here-document runs to the end of the script.
        pending.Clear();
        return position - start;
    }

    private static HereDocumentMarker? ReadHereDocument(string script, int start)
    {
        var position = start;
        var stripTabs = At(script, position) == '-';
        if (stripTabs)
        {
            position++;
        }

        while (At(script, position) is ' ' or '\t')
        {
            position++;
        }

        var wordStart = position;
        while (position < script.Length && !char.IsWhiteSpace(script[position]) && !WordBreaks.Contains(script[position]))
        {
            position++;
        }

        // Quoting the delimiter only stops expansion in the body; the delimiter itself is the word without quotes.
        var delimiter = new string(script[wordStart..position].Where(character => character is not ('\'' or '"' or '\\')).ToArray());
        return delimiter.Length == 0 ? null : new HereDocumentMarker(delimiter, stripTabs);
    }

    private static bool StartsWord(string script, int index) =>
        index == 0 || char.IsWhiteSpace(script[index - 1]) || WordBreaks.Contains(script[index - 1]);

    private static char At(string script, int index) => index >= 0 && index < script.Length ? script[index] : '\0';
}
