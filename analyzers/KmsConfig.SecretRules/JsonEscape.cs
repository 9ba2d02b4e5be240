using System.Globalization;
using System.Text;

namespace KmsConfig.SecretRules;

/// <summary>What reading one JSON string escape found.</summary>
internal enum JsonEscapeResult
{
    /// <summary>The escape was valid and its character was appended.</summary>
    Appended,

    /// <summary>A <c>\u</c> escape without four hexadecimal digits.</summary>
    BadUnicode,

    /// <summary>A backslash followed by a character JSON does not define an escape for.</summary>
    Unknown,

    /// <summary>
    /// A <c>\u</c> escape of half a UTF-16 surrogate pair: a low surrogate alone, or a high one not followed at once by an
    /// escaped low one. It is no character, and System.Text.Json (so the JSON configuration provider) refuses it.
    /// </summary>
    LoneSurrogate,
}

/// <summary>
/// The JSON string escapes (RFC 8259 §7), shared by the secret rules' reader and the tool's settings editor, which
/// each report failures at their own positions and in their own words.
/// </summary>
internal static class JsonEscape
{
    /// <summary>
    /// Appends the character that <c>\</c><paramref name="escape"/> stands for. <paramref name="position"/> is just after
    /// the escape character; a <c>\u</c> escape moves it past its four digits (a surrogate pair, past both escapes). On
    /// failure <paramref name="position"/> is not moved.
    /// </summary>
    public static JsonEscapeResult Append(string text, char escape, ref int position, StringBuilder builder)
    {
        switch (escape)
        {
            case '"': builder.Append('"'); return JsonEscapeResult.Appended;
            case '\\': builder.Append('\\'); return JsonEscapeResult.Appended;
            case '/': builder.Append('/'); return JsonEscapeResult.Appended;
            case 'b': builder.Append('\b'); return JsonEscapeResult.Appended;
            case 'f': builder.Append('\f'); return JsonEscapeResult.Appended;
            case 'n': builder.Append('\n'); return JsonEscapeResult.Appended;
            case 'r': builder.Append('\r'); return JsonEscapeResult.Appended;
            case 't': builder.Append('\t'); return JsonEscapeResult.Appended;
            case 'u':
                if (!TryReadHex(text, position, out var code))
                {
                    return JsonEscapeResult.BadUnicode;
                }

                if (char.IsLowSurrogate(code))
                {
                    return JsonEscapeResult.LoneSurrogate;
                }

                if (char.IsHighSurrogate(code))
                {
                    var next = position + 4;
                    if (next + 2 > text.Length || text[next] != '\\' || text[next + 1] != 'u' || !TryReadHex(text, next + 2, out var low) || !char.IsLowSurrogate(low))
                    {
                        return JsonEscapeResult.LoneSurrogate;
                    }

                    builder.Append(code).Append(low);
                    position = next + 6;
                    return JsonEscapeResult.Appended;
                }

                builder.Append(code);
                position += 4;
                return JsonEscapeResult.Appended;
            default:
                return JsonEscapeResult.Unknown;
        }
    }

    private static bool TryReadHex(string text, int position, out char code)
    {
        code = '\0';
        if (position + 4 > text.Length
            || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        code = (char)value;
        return true;
    }
}
