using System.Buffers;
using System.Buffers.Text;

namespace KmsConfig.Format;

/// <summary>
/// Unpadded base64url (RFC 4648 §5): safe in JSON, shells, environment variables and YAML without escaping.
/// Only canonical text is accepted (unused low bits zero), so a value has exactly one spelling.
/// </summary>
internal static class Base64Url
{
    private const int StackLimit = 1024;

    private static readonly SearchValues<char> s_alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = Convert.ToBase64String(bytes);
        return text.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="text"/> is non-empty, canonical, unpadded base64url.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length % 4 == 1 || text.ContainsAnyExcept(s_alphabet))
        {
            return false;
        }

        var last = Sextet(text[^1]);
        return (text.Length % 4) switch
        {
            2 => (last & 0x0F) == 0,
            3 => (last & 0x03) == 0,
            _ => true,
        };
    }

    /// <summary>The number of bytes that canonical text of <paramref name="length"/> characters decodes to.</summary>
    public static int DecodedLength(int length) => length / 4 * 3 + (length % 4 == 0 ? 0 : (length % 4) - 1);

    /// <summary>Decodes canonical text into <paramref name="destination"/> without allocating (decryption does this per value).</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (!IsCanonical(text))
        {
            return false;
        }

        var paddedLength = (text.Length + 3) / 4 * 4;
        char[]? rented = null;
        var standard = paddedLength <= StackLimit ? stackalloc char[paddedLength] : (rented = ArrayPool<char>.Shared.Rent(paddedLength)).AsSpan(0, paddedLength);
        try
        {
            for (var i = 0; i < text.Length; i++)
            {
                standard[i] = text[i] switch { '-' => '+', '_' => '/', var c => c };
            }

            standard[text.Length..].Fill('=');
            return Convert.TryFromBase64Chars(standard, destination, out written);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes canonical unpadded base64url; returns <see langword="null"/> for anything else.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text)
    {
        if (!IsCanonical(text))
        {
            return null;
        }

        var result = new byte[DecodedLength(text.Length)];
        return TryDecode(text, result, out var written) && written == result.Length ? result : null;
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

    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
