using System.Text;

namespace KmsConfig.Tool.Editing;

/// <summary>
/// Edits a settings file surgically: a changed value replaces exactly the characters of the old value, and a new member
/// is inserted with the file's own indentation, newline and separator style. Every other byte (comments, key order,
/// trailing commas, BOM, line endings, existing ciphertexts) stays as it was.
/// </summary>
/// <remarks>
/// A new member goes first in its object, so no neighbouring line has to gain a comma and <c>git diff</c> shows only
/// the added line. Array elements are appended, because their position is their key.
/// </remarks>
internal sealed class JsonSettingsEditor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly bool _hasBom;
    private ConfigurationKeys _keys;

    private JsonSettingsEditor(string text, bool hasBom)
    {
        _hasBom = hasBom;
        Text = text;
        Root = JsonSettingsParser.Parse(text);
        _keys = ConfigurationKeys.Of(Root);
    }

    /// <summary>
    /// Gets or sets the name of a top-level section that stays first when it is first: new top-level members are
    /// inserted after it rather than before it.
    /// </summary>
    public string? LeadingSection { get; set; }

    /// <summary>Gets the current text of the file, without its BOM.</summary>
    public string Text { get; private set; }

    /// <summary>Gets the parsed root object of <see cref="Text"/>.</summary>
    public JsonNode Root { get; private set; }

    /// <summary>Reads a UTF-8 settings file, remembering whether it starts with a BOM.</summary>
    /// <exception cref="JsonEditException">The bytes are not UTF-8 JSON.</exception>
    public static JsonSettingsEditor FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new JsonEditException("the file is UTF-16; save it as UTF-8");
        }

        var hasBom = bytes.StartsWith(Utf8Bom);
        string text;
        try
        {
            text = StrictUtf8.GetString(hasBom ? bytes[Utf8Bom.Length..] : bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new JsonEditException("the file is not valid UTF-8");
        }

        return new JsonSettingsEditor(text, hasBom);
    }

    /// <summary>Starts from text (for new files and tests).</summary>
    public static JsonSettingsEditor FromText(string text, bool hasBom = false) => new(text, hasBom);

    /// <summary>Gets the file's bytes: the BOM if it had one, then the text as UTF-8.</summary>
    public byte[] ToBytes()
    {
        var body = StrictUtf8.GetBytes(Text);
        return _hasBom ? [.. Utf8Bom, .. body] : body;
    }

    /// <summary>Lists every scalar value with its configuration key path, in file order.</summary>
    public IReadOnlyList<FileValue> Values() => _keys.Values;

    /// <summary>
    /// Finds the value (or section) at a configuration key path, case-insensitively, whether the file spells it with
    /// nested objects or with ':' in a member name; returns <see langword="null"/> when there is none.
    /// </summary>
    public JsonNode? Find(string keyPath) => _keys.Find(keyPath);

    /// <summary>
    /// Writes <paramref name="value"/> as a string at <paramref name="keyPath"/>: replaces the existing value, or
    /// inserts it, creating the missing objects (or, for an index <c>0</c>, arrays) along the path.
    /// </summary>
    /// <exception cref="JsonEditException">The path runs through a value, ends at a section, or skips array elements.</exception>
    public void SetString(string keyPath, string value) => Set(keyPath, JsonFragment.String(value));

    /// <summary>Writes <paramref name="fragment"/> at <paramref name="keyPath"/>, as <see cref="SetString"/> does.</summary>
    public void Set(string keyPath, JsonFragment fragment)
    {
        var segments = KeyPath.Split(keyPath);
        if (_keys.Find(keyPath) is { } existing)
        {
            if (existing.IsContainer && fragment is JsonStringFragment)
            {
                throw new JsonEditException(existing.Line, existing.Column, $"'{keyPath}' is a section, not a value");
            }

            Splice([new Edit(existing.Start, existing.End, Render(fragment, LineIndent(existing.Start)))]);
            return;
        }

        if (fragment is JsonStringFragment && _keys.HasKeysBelow(keyPath))
        {
            throw new JsonEditException($"'{keyPath}' is a section, not a value");
        }

        // The deepest existing section along the path receives the rest; it is found by key, so a member named
        // "Conn:Main" is the section 'Conn:Main' just as "Conn": { "Main" } is.
        for (var depth = segments.Length - 1; depth > 0; depth--)
        {
            var here = string.Join(KeyPath.Separator, segments[..depth]);
            if (_keys.FindSection(here) is { } section)
            {
                AddTo(section, here, segments[depth..], fragment);
                return;
            }

            if (_keys.FindValue(here) is { } value)
            {
                throw new JsonEditException(value.Line, value.Column, $"'{here}' holds a value, not a section, so it cannot contain '{segments[depth]}'");
            }
        }

        AddTo(Root, string.Empty, segments, fragment);
    }

    /// <summary>Replaces several scalar values at once (each node must come from the current <see cref="Root"/>).</summary>
    public void ReplaceValues(IEnumerable<(JsonNode Node, string Value)> replacements) =>
        Splice(replacements.Select(r => new Edit(r.Node.Start, r.Node.End, JsonText.Quote(r.Value))).ToList());

    /// <summary>Adds <paramref name="remaining"/> (which does not exist yet) under <paramref name="container"/>.</summary>
    private void AddTo(JsonNode container, string here, ReadOnlySpan<string> remaining, JsonFragment fragment)
    {
        var segment = remaining[0];
        if (container.Kind == JsonNodeKind.Object)
        {
            InsertMember(container, segment, Build(remaining[1..], fragment));
            return;
        }

        if (!KeyPath.TryParseIndex(segment, out var index))
        {
            throw new JsonEditException(container.Line, container.Column, $"'{here}' is an array, and '{segment}' is not an array index");
        }

        if (index != container.Elements.Count)
        {
            throw new JsonEditException(container.Line, container.Column, $"the array '{here}' has {container.Elements.Count} elements, so the next index is {container.Elements.Count}, not {index}");
        }

        AppendElement(container, Build(remaining[1..], fragment));
    }

    private static JsonFragment Build(ReadOnlySpan<string> remaining, JsonFragment leaf)
    {
        if (remaining.IsEmpty)
        {
            return leaf;
        }

        var inner = Build(remaining[1..], leaf);
        return remaining[0] == "0" ? JsonFragment.Array(inner) : JsonFragment.Object((remaining[0], inner));
    }

    private void InsertMember(JsonNode target, string name, JsonFragment value)
    {
        var style = FileStyle.Detect(Text, Root);
        if (target.Count == 0)
        {
            FillEmpty(target, indent => JsonText.Quote(name) + style.Separator + Render(value, indent, style), style);
            return;
        }

        // A leading section (KmsConfig) stays at the top: new top-level members go on the line after it, where its
        // comma already is, so the diff is still the one added line.
        if (target == Root && LeadingSection is { } leading && !string.Equals(name, leading, StringComparison.OrdinalIgnoreCase)
            && target.Members[0].Name.Equals(leading, StringComparison.OrdinalIgnoreCase) && target.Count > 1 && style.NewLine is not null
            && StartsLine(target.Members[1].NameStart))
        {
            var comma = JsonSettingsParser.SkipTrivia(Text, target.Members[0].Value.End);
            var lineEnd = EndOfLine(comma + 1);
            if (lineEnd < Text.Length && Text[lineEnd] is '\r' or '\n')
            {
                var indent = ChildIndent(target, style);
                Splice([new Edit(lineEnd, lineEnd, style.NewLine + indent + JsonText.Quote(name) + style.Separator + Render(value, indent, style) + ",")]);
                return;
            }
        }

        var lineStart = NewlineAfterOpening(target);
        if (lineStart >= 0 && style.NewLine is not null)
        {
            var indent = ChildIndent(target, style);
            var member = JsonText.Quote(name) + style.Separator + Render(value, indent, style);
            Splice([new Edit(lineStart, lineStart, indent + member + "," + style.NewLine)]);
            return;
        }

        // The first member shares the line with '{' (a one-line object or a minified file): stay on that line.
        var first = target.ItemStart(0);
        var gap = Text[(target.Start + 1)..first].Length == 0 ? string.Empty : " ";
        Splice([new Edit(first, first, JsonText.Quote(name) + style.Separator + Render(value, string.Empty, style.SingleLine()) + "," + gap)]);
    }

    private void AppendElement(JsonNode target, JsonFragment value)
    {
        var style = FileStyle.Detect(Text, Root);
        if (target.Count == 0)
        {
            FillEmpty(target, indent => Render(value, indent, style), style);
            return;
        }

        var last = target.Elements[^1];
        var multiLine = style.NewLine is not null && StartsLine(last.Start);
        var indent = multiLine ? ChildIndent(target, style) : string.Empty;
        var itemStyle = multiLine ? style : style.SingleLine();
        var element = Render(value, indent, itemStyle);
        if (target.TrailingComma >= 0)
        {
            var after = target.TrailingComma + 1;
            var end = multiLine ? EndOfLine(after) : after;
            Splice([new Edit(end, end, multiLine ? style.NewLine + indent + element + "," : SingleLineGap(target) + element + ",")]);
            return;
        }

        var lineEnd = multiLine ? EndOfLine(last.End) : last.End;
        Splice(
        [
            new Edit(last.End, last.End, ","),
            new Edit(lineEnd, lineEnd, multiLine ? style.NewLine + indent + element : SingleLineGap(target) + element),
        ]);
    }

    /// <summary>The spacing between items of a one-line array: as between its last two elements, else as after '['.</summary>
    private string SingleLineGap(JsonNode array)
    {
        var between = array.Elements.Count >= 2
            ? Text[array.Elements[^2].End..array.Elements[^1].Start].Replace(",", string.Empty, StringComparison.Ordinal)
            : Text[(array.Start + 1)..array.Elements[0].Start];
        return between.Length > 0 && between.All(c => c is ' ' or '\t') ? " " : string.Empty;
    }

    /// <summary>Puts the first item into an empty object or array.</summary>
    private void FillEmpty(JsonNode target, Func<string, string> item, FileStyle style)
    {
        var inside = Text[(target.Start + 1)..(target.End - 1)];
        var parentIndent = LineIndent(target.Start);
        var indent = parentIndent + style.IndentUnit;
        if (string.IsNullOrWhiteSpace(inside))
        {
            var replacement = style.NewLine is null
                ? (inside.Length == 0 ? item(string.Empty) : " " + item(string.Empty) + " ")
                : style.NewLine + indent + item(indent) + style.NewLine + parentIndent;
            Splice([new Edit(target.Start + 1, target.End - 1, replacement)]);
            return;
        }

        // Only comments inside: put the item on the line after '{', before them.
        var lineStart = NewlineAfterOpening(target);
        if (lineStart >= 0 && style.NewLine is not null)
        {
            Splice([new Edit(lineStart, lineStart, indent + item(indent) + style.NewLine)]);
        }
        else
        {
            Splice([new Edit(target.Start + 1, target.Start + 1, " " + item(string.Empty) + " ")]);
        }
    }

    /// <summary>
    /// Returns the offset just past the first newline after the container's opening bracket when only spaces and
    /// comments come before it, else -1 (the first item is on the bracket's line).
    /// </summary>
    private int NewlineAfterOpening(JsonNode container)
    {
        var position = container.Start + 1;
        while (position < Text.Length)
        {
            var c = Text[position];
            if (c == '\n')
            {
                return position + 1;
            }

            if (c is ' ' or '\t' or '\r')
            {
                position++;
            }
            else if (c == '/' && position + 1 < Text.Length && Text[position + 1] == '/')
            {
                position = JsonSettingsParser.LineCommentEnd(Text, position);
            }
            else if (c == '/' && position + 1 < Text.Length && Text[position + 1] == '*')
            {
                var end = Text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                position = end < 0 ? Text.Length : end + 2;
            }
            else
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Returns the offset of the line break after <paramref name="position"/>, past spaces and a comment on the same line.</summary>
    private int EndOfLine(int position)
    {
        var scan = position;
        while (scan < Text.Length)
        {
            var c = Text[scan];
            if (c is '\r' or '\n')
            {
                return scan;
            }

            if (c is ' ' or '\t')
            {
                scan++;
            }
            else if (c == '/' && scan + 1 < Text.Length && Text[scan + 1] == '/')
            {
                // The line break of CRLF starts at its '\r'.
                return JsonSettingsParser.LineCommentEnd(Text, scan);
            }
            else if (c == '/' && scan + 1 < Text.Length && Text[scan + 1] == '*')
            {
                var end = Text.IndexOf("*/", scan + 2, StringComparison.Ordinal);
                if (end < 0 || Text.AsSpan(scan, end - scan).Contains('\n'))
                {
                    return position;
                }

                scan = end + 2;
            }
            else
            {
                return position;
            }
        }

        return scan;
    }

    private string ChildIndent(JsonNode container, FileStyle style)
    {
        for (var i = 0; i < container.Count; i++)
        {
            var start = container.ItemStart(i);
            if (StartsLine(start))
            {
                return LineIndent(start);
            }
        }

        return LineIndent(container.Start) + style.IndentUnit;
    }

    /// <summary>Gets whether only spaces and tabs precede <paramref name="offset"/> on its line.</summary>
    private bool StartsLine(int offset)
    {
        // Back over spaces and tabs only, not to the line start: ChildIndent asks this of every item of a one-line
        // object, and a search for the line start per item would make that quadratic.
        var scan = offset;
        while (scan > 0 && Text[scan - 1] is ' ' or '\t')
        {
            scan--;
        }

        return scan == 0 || Text[scan - 1] == '\n';
    }

    /// <summary>Gets the spaces and tabs that start the line holding <paramref name="offset"/>.</summary>
    private string LineIndent(int offset)
    {
        var lineStart = offset == 0 ? 0 : Text.LastIndexOf('\n', offset - 1) + 1;
        var end = lineStart;
        while (end < Text.Length && Text[end] is ' ' or '\t')
        {
            end++;
        }

        return Text[lineStart..end];
    }

    private string Render(JsonFragment fragment, string indent) => Render(fragment, indent, FileStyle.Detect(Text, Root));

    private static string Render(JsonFragment fragment, string indent, FileStyle style)
    {
        switch (fragment)
        {
            case JsonStringFragment text:
                return JsonText.Quote(text.Value);
            case JsonObjectFragment obj:
                return Container('{', '}', obj.Members.Select(m => (Func<string, string>)(inner => JsonText.Quote(m.Name) + style.Separator + Render(m.Value, inner, style))).ToList(), indent, style);
            case JsonArrayFragment array:
                return Container('[', ']', array.Items.Select(i => (Func<string, string>)(inner => Render(i, inner, style))).ToList(), indent, style);
            default:
                throw new ArgumentOutOfRangeException(nameof(fragment));
        }
    }

    private static string Container(char open, char close, IReadOnlyList<Func<string, string>> items, string indent, FileStyle style)
    {
        if (items.Count == 0)
        {
            return $"{open}{close}";
        }

        if (style.NewLine is null)
        {
            return open + string.Join(",", items.Select(item => item(string.Empty))) + close;
        }

        var inner = indent + style.IndentUnit;
        var builder = new StringBuilder().Append(open);
        for (var i = 0; i < items.Count; i++)
        {
            builder.Append(style.NewLine).Append(inner).Append(items[i](inner));
            if (i < items.Count - 1)
            {
                builder.Append(',');
            }
        }

        return builder.Append(style.NewLine).Append(indent).Append(close).ToString();
    }

    /// <summary>Applies non-overlapping edits (offsets in the current text), then parses the result to prove it is still valid.</summary>
    private void Splice(IReadOnlyList<Edit> edits)
    {
        var builder = new StringBuilder(Text);
        // From the end backwards, so earlier offsets stay valid; of two edits at one offset, the first listed ends up first.
        foreach (var edit in edits.Select((e, i) => (Edit: e, Index: i)).OrderByDescending(x => x.Edit.Start).ThenByDescending(x => x.Index).Select(x => x.Edit))
        {
            builder.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Text);
        }

        var text = builder.ToString();
        var root = JsonSettingsParser.Parse(text);
        _keys = ConfigurationKeys.Of(root);
        Root = root;
        Text = text;
    }

    private readonly record struct Edit(int Start, int End, string Text);
}
