using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using KmsConfig.Format;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>
/// A prototype of the fix this benchmark recommends for src/KmsConfig (see docs/performance.md, "What limits it"): read
/// a <c>kms:v1:</c> value as spans, compare its wrapped-key part with the group's (already parsed) wrapped key instead
/// of decoding, re-encoding and re-parsing it for every value, and decode nonce and ciphertext into stack or pooled
/// buffers. Only the result string is allocated. Not used by the product; it exists to measure what the fix is worth.
/// </summary>
internal static class ProposedValueDecoder
{
    private const int StackLimit = 1024;

    private static readonly SearchValues<char> s_alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Decrypts <paramref name="value"/> if its wrapped key is <paramref name="wrappedKeyText"/>; returns null when the value does not belong to that key or is malformed.</summary>
    public static string? Decrypt(AesGcm aes, string wrappedKeyText, WrappedDataKey wrappedKey, string value, string keyPath)
    {
        var rest = value.AsSpan(EncryptedValue.V1Prefix.Length);
        var first = rest.IndexOf(':');
        if (first < 0 || !rest[..first].SequenceEqual(wrappedKeyText))
        {
            return null;
        }

        rest = rest[(first + 1)..];
        var second = rest.IndexOf(':');
        if (second < 0 || rest[(second + 1)..].Contains(':'))
        {
            return null;
        }

        Span<byte> nonce = stackalloc byte[EncryptedValue.NonceSize];
        if (!TryDecodeCanonical(rest[..second], nonce, out var nonceLength) || nonceLength != EncryptedValue.NonceSize)
        {
            return null;
        }

        var cipherText = rest[(second + 1)..];
        var maxCipher = System.Buffers.Text.Base64Url.GetMaxDecodedLength(cipherText.Length);
        byte[]? rented = null;
        var cipherBytes = maxCipher <= StackLimit ? stackalloc byte[maxCipher] : (rented = ArrayPool<byte>.Shared.Rent(maxCipher));
        byte[]? rentedPlain = null;
        try
        {
            if (!TryDecodeCanonical(cipherText, cipherBytes, out var cipherLength) || cipherLength < EncryptedValue.TagSize)
            {
                return null;
            }

            var plainLength = cipherLength - EncryptedValue.TagSize;
            var plain = plainLength <= StackLimit ? stackalloc byte[plainLength] : (rentedPlain = ArrayPool<byte>.Shared.Rent(plainLength)).AsSpan(0, plainLength);
            var maxAssociated = EncryptedValue.MaxAssociatedDataLength(wrappedKey.KeyId, keyPath);
            var associated = maxAssociated <= StackLimit ? stackalloc byte[maxAssociated] : new byte[maxAssociated];
            associated = associated[..EncryptedValue.WriteAssociatedData(wrappedKey.KeyId, keyPath, associated)];
            try
            {
                aes.Decrypt(nonce, cipherBytes[..plainLength], cipherBytes.Slice(plainLength, EncryptedValue.TagSize), plain, associated);
                return Encoding.UTF8.GetString(plain);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            if (rentedPlain is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPlain);
            }
        }
    }

    /// <summary>Strict unpadded base64url without allocating; rejects set unused low bits, so one value has one spelling.</summary>
    private static bool TryDecodeCanonical(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IsEmpty || text.Length % 4 == 1 || text.ContainsAnyExcept(s_alphabet))
        {
            return false;
        }

        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(text, destination, out written))
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

        static int Sextet(char c) => c switch
        {
            >= 'A' and <= 'Z' => c - 'A',
            >= 'a' and <= 'z' => c - 'a' + 26,
            >= '0' and <= '9' => c - '0' + 52,
            '-' => 62,
            _ => 63,
        };
    }
}
