using System.Buffers;
using System.Text;
using KmsConfig.SecretRules;

namespace KmsConfig.Tool.Editing;

/// <summary>
/// Parses a settings file into <see cref="JsonNode"/>s that remember their exact spans. It accepts what the JSON
/// configuration provider accepts: <c>//</c> and <c>/* */</c> comments and trailing commas.
/// </summary>
internal sealed class JsonSettingsParser
{
    /// <summary>
    /// The most objects and arrays that may enclose one another, the root included: System.Text.Json's default
    /// <c>MaxDepth</c>, with which the JSON configuration provider reads the file. A deeper file written by the tool
    /// could not be loaded by the application.
    /// </summary>
    public const int MaxDepth = 64;

    private static readonly SearchValues<char> LineCommentEnds = SearchValues.Create("\r\n\u2028\u2029");

    /// <summary>
    /// Where the line comment that starts at <paramref name="start"/> ends: at its '\r' or '\n', as in System.Text.Json,
    /// or at U+2028 or U+2029, which the parser then refuses, as the JSON configuration provider does.
    /// </summary>
    public static int LineCommentEnd(string text, int start)
        => text.AsSpan(start).IndexOfAny(LineCommentEnds) is var end and >= 0 ? start + end : text.Length;

    private readonly string _text;
    private readonly List<int> _lineStarts = [0];
    private int _position;

    private JsonSettingsParser(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Parses <paramref name="text"/>, whose top-level value must be an object.</summary>
    /// <exception cref="JsonEditException">The text is not a JSON object.</exception>
    public static JsonNode Parse(string text)
    {
        var parser = new JsonSettingsParser(text);
        parser.SkipTrivia();
        if (parser._position >= text.Length || text[parser._position] != '{')
        {
            throw parser.Error("the file must hold one JSON object ('{ ... }')");
        }

        var root = parser.ParseValue(0);
        parser.SkipTrivia();
        if (parser._position < text.Length)
        {
            throw parser.Error("unexpected text after the closing '}'");
        }

        return root;
    }

    /// <summary>Gets the 1-based line and column of an offset.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    /// <summary>
    /// Skips whitespace and comments from <paramref name="position"/> and returns the first offset that is neither.
    /// </summary>
    public static int SkipTrivia(string text, int position)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                position++;
            }
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '/')
            {
                position = LineCommentEnd(text, position);
            }
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '*')
            {
                var end = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                position = end + 2;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    /// <param name="depth">The number of objects and arrays that enclose the value.</param>
    private JsonNode ParseValue(int depth)
    {
        SkipTrivia();
        if (_position >= _text.Length)
        {
            throw Error("the file ends where a value was expected");
        }

        var (line, column) = Here();
        var start = _position;
        if (depth >= MaxDepth && _text[_position] is '{' or '[')
        {
            throw Error($"objects and arrays are nested more than {MaxDepth} levels deep, which the JSON configuration provider refuses to load");
        }

        switch (_text[_position])
        {
            case '{':
                return ParseObject(start, line, column, depth);
            case '[':
                return ParseArray(start, line, column, depth);
            case '"':
                var value = ParseString();
                return new JsonNode(JsonNodeKind.String, start, _position, line, column, value);
            case 't':
                ExpectLiteral("true");
                return new JsonNode(JsonNodeKind.True, start, _position, line, column);
            case 'f':
                ExpectLiteral("false");
                return new JsonNode(JsonNodeKind.False, start, _position, line, column);
            case 'n':
                ExpectLiteral("null");
                return new JsonNode(JsonNodeKind.Null, start, _position, line, column);
            case '-' or (>= '0' and <= '9'):
                ParseNumber();
                return new JsonNode(JsonNodeKind.Number, start, _position, line, column);
            default:
                throw Error("expected a value (an object, array, string, number, true, false or null)");
        }
    }

    private JsonNode ParseObject(int start, int line, int column, int depth)
    {
        var node = new JsonNode(JsonNodeKind.Object, start, start, line, column);

        // A set, not a search of the members so far: a search per member makes an object of n members cost n² (a
        // 20,000-member file took seconds).
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _position++;
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}')
            {
                _position++;
                node.End = _position;
                return node;
            }

            if (node.Members.Count > 0 && node.TrailingComma < 0)
            {
                throw Error("expected ',' or '}' after a member");
            }

            if (Peek() != '"')
            {
                throw Error("expected a quoted key name or '}'");
            }

            var nameStart = _position;
            var name = ParseString();
            var nameEnd = _position;
            if (!names.Add(name))
            {
                // The JSON configuration provider rejects duplicate keys (ignoring case), so the editor never guesses which one counts.
                _position = nameStart;
                throw Error("a key appears twice in one object (keys are case-insensitive)");
            }

            SkipTrivia();
            if (Peek() != ':')
            {
                throw Error("expected ':' after the key name");
            }

            _position++;
            var value = ParseValue(depth + 1);
            node.Members.Add(new JsonMember(name, nameStart, nameEnd, value));
            node.TrailingComma = ReadComma();
        }
    }

    private JsonNode ParseArray(int start, int line, int column, int depth)
    {
        var node = new JsonNode(JsonNodeKind.Array, start, start, line, column);
        _position++;
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                _position++;
                node.End = _position;
                return node;
            }

            if (node.Elements.Count > 0 && node.TrailingComma < 0)
            {
                throw Error("expected ',' or ']' after an array element");
            }

            node.Elements.Add(ParseValue(depth + 1));
            node.TrailingComma = ReadComma();
        }
    }

    /// <summary>Consumes a ',' after an item if there is one and returns its offset, else -1.</summary>
    private int ReadComma()
    {
        SkipTrivia();
        if (Peek() == ',')
        {
            _position++;
            return _position - 1;
        }

        return -1;
    }

    private string ParseString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("a string is not closed");
            }

            var c = _text[_position];
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Error("a string holds a control character; write it as an escape such as \\n");
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            if (_position + 1 >= _text.Length)
            {
                throw Error("a string is not closed");
            }

            var escape = _text[_position + 1];
            _position += 2;
            switch (JsonEscape.Append(_text, escape, ref _position, builder))
            {
                case JsonEscapeResult.BadUnicode:
                    throw Error("a \\u escape needs four hexadecimal digits");
                case JsonEscapeResult.Unknown:
                    _position -= 2;
                    throw Error("a string holds an unknown escape");
                case JsonEscapeResult.LoneSurrogate:
                    _position -= 2;
                    throw Error("a \\u escape is half of a UTF-16 surrogate pair (\\ud800-\\udbff must be followed by \\udc00-\\udfff), which the JSON configuration provider refuses");
            }
        }
    }

    private void ParseNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        var digits = SkipDigits();
        if (digits == 0)
        {
            _position = start;
            throw Error("a number is not valid");
        }

        if (digits > 1 && _text[_position - digits] == '0')
        {
            _position = start;
            throw Error("a number starts with 0 and more digits (write 7, not 07), which the JSON configuration provider refuses");
        }

        if (Peek() == '.')
        {
            _position++;
            if (SkipDigits() == 0)
            {
                throw Error("a number has no digits after '.'");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (SkipDigits() == 0)
            {
                throw Error("a number has no digits in its exponent");
            }
        }
    }

    private int SkipDigits()
    {
        var start = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        return _position - start;
    }

    private void ExpectLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("expected a value (an object, array, string, number, true, false or null)");
        }

        _position += literal.Length;
    }

    private void SkipTrivia()
    {
        var next = SkipTrivia(_text, _position);
        if (next < 0)
        {
            throw Error("a /* comment is not closed");
        }

        _position = next;
        if (next < _text.Length && _text[next] is '\u2028' or '\u2029')
        {
            throw Error("a line or paragraph separator (U+2028, U+2029) stands outside a string or in a // comment, which the JSON configuration provider refuses");
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private (int Line, int Column) Here()
    {
        var index = _lineStarts.BinarySearch(_position);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, _position - _lineStarts[line] + 1);
    }

    private JsonEditException Error(string problem)
    {
        var (line, column) = Here();
        return new JsonEditException(line, column, problem);
    }
}
