using System.Buffers.Binary;
using System.Text;

namespace KmsConfig.Format;

/// <summary>
/// The v1 value format, <c>kms:v1:&lt;wrapped data key&gt;:&lt;nonce&gt;:&lt;ciphertext and tag&gt;</c>, each part
/// unpadded base64url. The single source of truth for the format; docs/format.md describes it for people.
/// </summary>
internal sealed class EncryptedValue
{
    /// <summary>Every KmsConfig value starts with this; anything else is plaintext.</summary>
    public const string AnyPrefix = "kms:";

    public const string V1Prefix = "kms:v1:";

    public const string RawPrefix = "kms:raw:";

    public const int NonceSize = 12;

    public const int TagSize = 16;

    public const int DataKeySize = 32;

    /// <summary>Names the format in the associated data, so a future version can never be confused with this one.</summary>
    private const string FormatLabel = "kmsconfig:v1";

    public EncryptedValue(string wrappedKeyText, WrappedDataKey wrappedKey, byte[] nonce, byte[] ciphertextAndTag)
    {
        WrappedKeyText = wrappedKeyText;
        WrappedKey = wrappedKey;
        Nonce = nonce;
        CiphertextAndTag = ciphertextAndTag;
    }

    /// <summary>The wrapped data key exactly as written; values of one encryption run share it, so it keys the cache.</summary>
    public string WrappedKeyText { get; }

    public WrappedDataKey WrappedKey { get; }

    public byte[] Nonce { get; }

    public byte[] CiphertextAndTag { get; }

    public string Format() =>
        string.Concat(V1Prefix, WrappedKeyText, ":", Base64Url.Encode(Nonce), ":", Base64Url.Encode(CiphertextAndTag));

    /// <summary>Parses a <c>kms:v1:</c> value; on failure <paramref name="problem"/> says why, without quoting the value.</summary>
    public static EncryptedValue? TryParse(string value, out string? problem)
    {
        problem = null;
        if (!value.StartsWith(V1Prefix, StringComparison.Ordinal))
        {
            problem = value.StartsWith(AnyPrefix, StringComparison.Ordinal)
                ? "it uses an unsupported format version; this version of KmsConfig reads 'kms:v1:' and 'kms:raw:' values"
                : "it does not start with 'kms:v1:'";
            return null;
        }

        var parts = value[V1Prefix.Length..].Split(':');
        if (parts.Length != 3)
        {
            problem = $"it has {parts.Length} parts after 'kms:v1:' instead of 3 (wrapped key, nonce, ciphertext); it may be truncated";
            return null;
        }

        var wrappedBytes = Base64Url.TryDecode(parts[0]);
        var wrapped = wrappedBytes is null ? null : WrappedDataKey.TryParse(wrappedBytes);
        if (wrapped is null)
        {
            problem = "its wrapped data key part is not valid; the value may be truncated or damaged";
            return null;
        }

        var nonce = Base64Url.TryDecode(parts[1]);
        if (nonce is null || nonce.Length != NonceSize)
        {
            problem = "its nonce part is not 12 bytes of base64url; the value may be truncated or damaged";
            return null;
        }

        var ciphertext = Base64Url.TryDecode(parts[2]);
        if (ciphertext is null || ciphertext.Length < TagSize)
        {
            problem = "its ciphertext part is shorter than the authentication tag or not base64url; the value may be truncated or damaged";
            return null;
        }

        return new EncryptedValue(parts[0], wrapped, nonce, ciphertext);
    }

    /// <summary>
    /// The AES-GCM associated data: format label, key id and configuration key path (upper-cased invariantly, the way
    /// <see cref="StringComparer.OrdinalIgnoreCase"/> compares), each as a 4-byte big-endian length then UTF-8 bytes.
    /// Binding the path means a ciphertext copied to another key fails to decrypt.
    /// </summary>
    public static byte[] AssociatedData(string keyId, string keyPath)
    {
        var buffer = new byte[MaxAssociatedDataLength(keyId, keyPath)];
        return buffer[..WriteAssociatedData(keyId, keyPath, buffer)];
    }

    /// <summary>An upper bound of the associated data's length, for sizing a buffer.</summary>
    public static int MaxAssociatedDataLength(string keyId, string keyPath) =>
        (3 * 4) + FormatLabel.Length + Encoding.UTF8.GetMaxByteCount(keyId.Length) + Encoding.UTF8.GetMaxByteCount(keyPath.Length);

    /// <summary>Writes the associated data without allocating (decryption runs once per value); returns its length.</summary>
    public static int WriteAssociatedData(string keyId, string keyPath, Span<byte> destination)
    {
        var written = WriteField(FormatLabel, destination);
        written += WriteField(keyId, destination[written..]);

        // Upper-case the path into a scratch span; key paths are short, so the stack holds them.
        Span<char> upper = keyPath.Length <= 256 ? stackalloc char[keyPath.Length] : new char[keyPath.Length];
        keyPath.AsSpan().ToUpperInvariant(upper);
        written += WriteField(upper, destination[written..]);
        return written;

        static int WriteField(ReadOnlySpan<char> field, Span<byte> destination)
        {
            var length = Encoding.UTF8.GetBytes(field, destination[4..]);
            BinaryPrimitives.WriteInt32BigEndian(destination, length);
            return 4 + length;
        }
    }
}
