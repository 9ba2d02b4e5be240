namespace KmsConfig.Tool.Editing;

/// <summary>How a settings file is written: its newline, indentation unit and key/value separator.</summary>
internal sealed record FileStyle(string? NewLine, string IndentUnit, string Separator)
{
    /// <summary>Reads the style from the file itself; new content then looks as if the file's author wrote it.</summary>
    public static FileStyle Detect(string text, JsonNode root)
    {
        var newlineAt = text.IndexOf('\n');
        string? newline = newlineAt < 0 ? null : newlineAt > 0 && text[newlineAt - 1] == '\r' ? "\r\n" : "\n";
        return new FileStyle(newline, DetectIndentUnit(text, root) ?? "  ", DetectSeparator(text, root) ?? (newline is null ? ":" : ": "));
    }

    /// <summary>The same style with everything on one line (for a new item on a line that already holds others).</summary>
    public FileStyle SingleLine() => this with { NewLine = null };

    private static string? DetectIndentUnit(string text, JsonNode root)
    {
        // The indentation of the first item that starts a line, relative to the line of its container.
        var pending = new Queue<JsonNode>([root]);
        while (pending.Count > 0)
        {
            var container = pending.Dequeue();
            string? parentIndent = null;
            for (var i = 0; i < container.Count; i++)
            {
                var start = container.ItemStart(i);
                var itemIndent = IndentBefore(text, start);
                if (itemIndent is not null)
                {
                    parentIndent ??= LeadingWhitespace(text, container.Start);
                    if (itemIndent.Length > parentIndent.Length && itemIndent.StartsWith(parentIndent, StringComparison.Ordinal))
                    {
                        return itemIndent[parentIndent.Length..];
                    }
                }

                var child = container.Kind == JsonNodeKind.Object ? container.Members[i].Value : container.Elements[i];
                if (child.IsContainer)
                {
                    pending.Enqueue(child);
                }
            }
        }

        return null;
    }

    private static string? DetectSeparator(string text, JsonNode root)
    {
        var pending = new Queue<JsonNode>([root]);
        while (pending.Count > 0)
        {
            var container = pending.Dequeue();
            foreach (var member in container.Members)
            {
                var between = text[member.NameEnd..member.Value.Start];
                if (between.Trim(' ', '\t') == ":")
                {
                    return between;
                }
            }

            foreach (var child in container.Members.Select(m => m.Value).Concat(container.Elements).Where(n => n.IsContainer))
            {
                pending.Enqueue(child);
            }
        }

        return null;
    }

    /// <summary>The whitespace before <paramref name="offset"/> on its line, or null when other text precedes it.</summary>
    /// <remarks>
    /// Scans back over spaces and tabs only, never to the start of the line: in a minified file every item is on the
    /// one line, and a search for the line start per item made style detection quadratic.
    /// </remarks>
    private static string? IndentBefore(string text, int offset)
    {
        var lineStart = offset;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t')
        {
            lineStart--;
        }

        // Only an item on a later line (after a '\n') has an indentation; the first line holds the root's '{'.
        return lineStart > 0 && text[lineStart - 1] == '\n' ? text[lineStart..offset] : null;
    }

    private static string LeadingWhitespace(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var end = lineStart;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text[lineStart..end];
    }
}
