using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KmsConfig.SecretRules;

/// <summary>
/// A small JSON reader that accepts what the JSON configuration provider accepts (<c>//</c> and <c>/* */</c> comments,
/// trailing commas, an object at the root, no duplicate key paths ignoring case, also through keys holding ':') and keeps the position of every value and
/// every comment. Analyzers cannot rely on System.Text.Json loading in every host, and it would not give positions of
/// comments, which carry the allow markers.
/// </summary>
internal sealed class JsonSettingsReader
{
    // System.Text.Json's default, which the JSON configuration provider uses: 64 nested objects and arrays, the root
    // included (the root is depth 0 here).
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<SettingsValue> _values = new List<SettingsValue>();
    private readonly List<string> _path = new List<string>();
    private readonly HashSet<string> _keyPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private readonly SuppressionMap _suppressions = new SuppressionMap();
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private JsonSettingsReader(string text)
    {
        _text = text;

        // A byte order mark is not a column.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _position = 1;
            _lineStart = 1;
        }
    }

    /// <summary>Reads <paramref name="text"/>; a text that does not parse gives a document with an error and no values.</summary>
    public static SettingsDocument Read(string text)
    {
        var reader = new JsonSettingsReader(text ?? string.Empty);
        try
        {
            reader.ReadRoot();
            return new SettingsDocument(reader._values, null, reader._suppressions);
        }
        catch (JsonSettingsException error)
        {
            return new SettingsDocument(Array.Empty<SettingsValue>(), error.Error, reader._suppressions);
        }
    }

    private void ReadRoot()
    {
        SkipTrivia();
        if (AtEnd)
        {
            // The JSON configuration provider refuses a file without a JSON value ("Could not parse the JSON file"), so
            // an empty settings file fails the app at startup.
            throw Error("the file holds no JSON object (write {} for a file with no settings)");
        }

        if (Current != '{')
        {
            throw Error("the root must be a JSON object");
        }

        ReadObject(0);
        SkipTrivia();
        if (!AtEnd)
        {
            throw Error("there is content after the root object");
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private void ReadValue(int depth)
    {
        SkipTrivia();
        if (AtEnd)
        {
            throw Error("the file ends where a value was expected");
        }

        var start = _position;
        var line = _line;
        var column = ColumnAt(start);
        switch (Current)
        {
            case '{':
                ReadObject(depth + 1);
                break;
            case '[':
                ReadArray(depth + 1);
                break;
            case '"':
                var text = ReadString();
                Add(text, SettingsValueKind.String, start, line, column);
                break;
            case 't':
                ReadLiteral("true");
                Add("True", SettingsValueKind.Boolean, start, line, column);
                break;
            case 'f':
                ReadLiteral("false");
                Add("False", SettingsValueKind.Boolean, start, line, column);
                break;
            case 'n':
                ReadLiteral("null");
                Add(string.Empty, SettingsValueKind.Null, start, line, column);
                break;
            default:
                if (Current == '-' || (Current >= '0' && Current <= '9'))
                {
                    ReadNumber();
                    Add(_text.Substring(start, _position - start), SettingsValueKind.Number, start, line, column);
                    break;
                }

                throw Error("a value was expected");
        }
    }

    private void ReadObject(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw Error("the file nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        var start = _position;
        var line = _line;
        var column = ColumnAt(start);
        _position++; // '{'
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var empty = true;
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("the file ends inside an object");
            }

            if (Current == '}')
            {
                _position++;
                break;
            }

            if (Current != '"')
            {
                throw Error("a property name in double quotes was expected");
            }

            var keyPosition = _position;
            var key = ReadString();
            if (!keys.Add(key))
            {
                throw ErrorAt(keyPosition, "the key '" + KeyPaths.Combine(_path, key) + "' appears twice (keys ignore case)");
            }

            SkipTrivia();
            if (AtEnd || Current != ':')
            {
                throw Error("':' was expected after a property name");
            }

            _position++;
            _path.Add(key);
            ReadValue(depth);
            _path.RemoveAt(_path.Count - 1);
            empty = false;
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("the file ends inside an object");
            }

            if (Current == ',')
            {
                _position++;
                continue;
            }

            if (Current == '}')
            {
                _position++;
                break;
            }

            throw Error("',' or '}' was expected");
        }

        if (empty && _path.Count > 0)
        {
            Add(string.Empty, SettingsValueKind.Empty, start, line, column);
        }
    }

    private void ReadArray(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw Error("the file nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        var start = _position;
        var line = _line;
        var column = ColumnAt(start);
        _position++; // '['
        var index = 0;
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("the file ends inside an array");
            }

            if (Current == ']')
            {
                _position++;
                break;
            }

            _path.Add(index.ToString(CultureInfo.InvariantCulture));
            ReadValue(depth);
            _path.RemoveAt(_path.Count - 1);
            index++;
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("the file ends inside an array");
            }

            if (Current == ',')
            {
                _position++;
                continue;
            }

            if (Current == ']')
            {
                _position++;
                break;
            }

            throw Error("',' or ']' was expected");
        }

        if (index == 0)
        {
            Add(string.Empty, SettingsValueKind.Empty, start, line, column);
        }
    }

    private string ReadString()
    {
        var start = _position;
        _position++; // opening quote
        StringBuilder? builder = null;
        var runStart = _position;
        while (true)
        {
            if (AtEnd)
            {
                throw ErrorAt(start, "a string is not closed");
            }

            var c = Current;
            if (c == '"')
            {
                var tail = _text.Substring(runStart, _position - runStart);
                _position++;
                return builder is null ? tail : builder.Append(tail).ToString();
            }

            if (c < ' ')
            {
                throw Error("a string contains a control character or line break; escape it");
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            _position++;
            if (AtEnd)
            {
                throw ErrorAt(start, "a string is not closed");
            }

            var escaped = Current;
            _position++;
            switch (JsonEscape.Append(_text, escaped, ref _position, builder))
            {
                case JsonEscapeResult.BadUnicode:
                    throw Error("a \\u escape needs four hexadecimal digits");
                case JsonEscapeResult.Unknown:
                    throw ErrorAt(_position - 2, "a string contains an unknown escape");
                case JsonEscapeResult.LoneSurrogate:
                    throw ErrorAt(_position - 2, "a \\u escape is half of a UTF-16 surrogate pair (\\ud800-\\udbff must be followed by \\udc00-\\udfff)");
            }

            runStart = _position;
        }
    }

    private void ReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("a value was expected");
        }

        _position += literal.Length;
        if (!AtEnd && char.IsLetterOrDigit(Current))
        {
            throw Error("a value was expected");
        }
    }

    private void ReadNumber()
    {
        var start = _position;
        if (Current == '-')
        {
            _position++;
        }

        var digitsStart = _position;
        if (!ReadDigits())
        {
            throw Error("a number needs digits");
        }

        if (_position - digitsStart > 1 && _text[digitsStart] == '0')
        {
            throw ErrorAt(start, "a number starts with 0 and more digits (write 7, not 07)");
        }

        if (!AtEnd && Current == '.')
        {
            _position++;
            if (!ReadDigits())
            {
                throw Error("a number needs digits after the decimal point");
            }
        }

        if (!AtEnd && (Current == 'e' || Current == 'E'))
        {
            _position++;
            if (!AtEnd && (Current == '+' || Current == '-'))
            {
                _position++;
            }

            if (!ReadDigits())
            {
                throw Error("a number needs digits in its exponent");
            }
        }

        if (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '.'))
        {
            throw Error("a number is malformed");
        }
    }

    private bool ReadDigits()
    {
        var start = _position;
        while (!AtEnd && Current >= '0' && Current <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\n' || c == '\r')
            {
                NewLine();
            }
            else if (c == ' ' || c == '\t')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && (_text[_position + 1] == '/' || _text[_position + 1] == '*'))
            {
                ReadComment();
            }
            else
            {
                return;
            }
        }
    }

    private void ReadComment()
    {
        var start = _position;
        var startLine = _line;
        var codeBefore = HasCodeBefore(start);
        string body;
        if (_text[_position + 1] == '/')
        {
            _position += 2;
            while (!AtEnd && Current != '\n' && Current != '\r')
            {
                if (Current == '\u2028' || Current == '\u2029')
                {
                    // System.Text.Json refuses them in a line comment ("invalid line or paragraph separator character").
                    throw Error("a // comment contains a line or paragraph separator (U+2028, U+2029); end the comment with a line break");
                }

                _position++;
            }

            body = _text.Substring(start + 2, _position - start - 2);
        }
        else
        {
            _position += 2;
            while (true)
            {
                if (AtEnd)
                {
                    throw ErrorAt(start, "a /* comment is not closed");
                }

                if (Current == '*' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                {
                    _position += 2;
                    break;
                }

                if (Current == '\n' || Current == '\r')
                {
                    NewLine();
                }
                else
                {
                    _position++;
                }
            }

            body = _text.Substring(start + 2, _position - start - 4);
        }

        _suppressions.AddComment(body, startLine, _line, !codeBefore && !HasCodeAfterOnLine());
    }

    private bool HasCodeBefore(int position)
    {
        for (var i = position - 1; i >= _lineStart; i--)
        {
            if (!char.IsWhiteSpace(_text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasCodeAfterOnLine()
    {
        for (var i = _position; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == '\n' || c == '\r')
            {
                return false;
            }

            if (!char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    private void NewLine()
    {
        if (Current == '\r' && _position + 1 < _text.Length && _text[_position + 1] == '\n')
        {
            _position++;
        }

        _position++;
        _line++;
        _lineStart = _position;
    }

    private int ColumnAt(int position) => position - _lineStart + 1;

    private void Add(string value, SettingsValueKind kind, int start, int line, int column)
    {
        var keyPath = KeyPaths.Combine(_path);
        if (kind != SettingsValueKind.Empty && !_keyPaths.Add(keyPath))
        {
            // {"Db:Password": "a", "Db": {"Password": "b"}}: the provider flattens both to one key and refuses the file
            // ("A duplicate key 'Db:Password' was found").
            throw ErrorAt(start, "the key path '" + keyPath + "' is given twice (a key holding ':' and nested keys name the same setting)");
        }

        _values.Add(new SettingsValue(keyPath, value, kind, start, _position - start, line, column));
    }

    private JsonSettingsException Error(string reason) => ErrorAt(_position, reason);

    // Errors point at the current line, which the reader has tracked up to _position; an earlier position on the same line
    // (string starts) keeps its own column.
    private JsonSettingsException ErrorAt(int position, string reason)
    {
        var line = _line;
        var lineStart = _lineStart;
        if (position < _lineStart)
        {
            // Only strings and block comments report an earlier position; recount for them.
            line = 1;
            lineStart = _text.Length > 0 && _text[0] == '\uFEFF' ? 1 : 0;
            for (var i = lineStart; i < position; i++)
            {
                if (_text[i] == '\n' || (_text[i] == '\r' && (i + 1 >= _text.Length || _text[i + 1] != '\n')))
                {
                    line++;
                    lineStart = i + 1;
                }
            }
        }

        var clamped = Math.Min(position, _text.Length);
        return new JsonSettingsException(new SettingsParseError(reason, clamped, line, clamped - lineStart + 1));
    }
}
