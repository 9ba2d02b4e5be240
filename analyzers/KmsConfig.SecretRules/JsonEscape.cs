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
}

/// <summary>
/// The JSON string escapes (RFC 8259 §7), shared by the secret rules' reader and the tool's settings editor, which
/// each report failures at their own positions and in their own words.
/// </summary>
internal static class JsonEscape
{
    /// <summary>
    /// Appends the character that <c>\</c><paramref name="escape"/> stands for. <paramref name="position"/> is just after
    /// the escape character; a <c>\u</c> escape moves it past its four digits.
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
                if (position + 4 > text.Length
                    || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    return JsonEscapeResult.BadUnicode;
                }

                builder.Append((char)code);
                position += 4;
                return JsonEscapeResult.Appended;
            default:
                return JsonEscapeResult.Unknown;
        }
    }
}
