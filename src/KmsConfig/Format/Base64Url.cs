using System.Buffers.Text;

namespace KmsConfig.Format;

/// <summary>
/// Unpadded base64url (RFC 4648 §5): safe in JSON, shells, environment variables and YAML without escaping.
/// </summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = Convert.ToBase64String(bytes);
        return text.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes strict unpadded base64url; returns <see langword="null"/> for anything else.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            var valid = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!valid)
            {
                return null;
            }
        }

        var padded = new char[text.Length + ((4 - (text.Length % 4)) % 4)];
        for (var i = 0; i < text.Length; i++)
        {
            padded[i] = text[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        padded.AsSpan(text.Length).Fill('=');
        var result = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded, result, out var written))
        {
            return null;
        }

        // Reject non-canonical encodings (unused low bits set), so one value has exactly one spelling.
        return Encode(result.AsSpan(0, written)).AsSpan().SequenceEqual(text) ? result[..written] : null;
    }

    /// <summary>Decodes standard base64 (as the AWS CLI prints it) or base64url, padded or not.</summary>
    public static byte[]? TryDecodeLenient(string text)
    {
        var normalized = text.Trim().Replace('-', '+').Replace('_', '/');
        var remainder = normalized.Length % 4;
        if (remainder == 1)
        {
            return null;
        }

        if (remainder != 0)
        {
            normalized += new string('=', 4 - remainder);
        }

        var result = new byte[Base64.GetMaxDecodedFromUtf8Length(normalized.Length)];
        return Convert.TryFromBase64String(normalized, result, out var written) && written > 0 ? result[..written] : null;
    }
}
