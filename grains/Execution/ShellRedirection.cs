namespace AloeOrleans.Grains.Execution;

/// <summary>What the word after a redirection operator is.</summary>
internal enum ShellRedirection
{
    None,

    /// <summary>A file name (<c>&lt; &gt; &gt;&gt; &gt;| &lt;&gt; &amp;&gt; &amp;&gt;&gt;</c>).</summary>
    File,

    /// <summary>A file descriptor (<c>&gt;&amp; &lt;&amp;</c>).</summary>
    Duplicate,

    /// <summary>The delimiter of a here-document (<c>&lt;&lt; &lt;&lt;-</c>).</summary>
    HereDocumentDelimiter,

    /// <summary>The text of a here-string (<c>&lt;&lt;&lt;</c>).</summary>
    HereString,
}
