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

    /// <summary>The nonce is always 12 bytes: 16 characters of unpadded base64url.</summary>
    private const int NonceTextLength = 16;

    /// <summary>Builds a value from its parts (the encryption side).</summary>
    public EncryptedValue(string wrappedKeyText, WrappedDataKey wrappedKey, byte[] nonce, byte[] ciphertextAndTag)
        : this(new Parts(
            string.Concat(V1Prefix, wrappedKeyText, ":", Base64Url.Encode(nonce), ":", Base64Url.Encode(ciphertextAndTag)),
            wrappedKeyText,
            wrappedKey))
    {
    }

    private EncryptedValue(Parts parts)
    {
        Value = parts;
    }

    /// <summary>The value's parts, read as spans of its text.</summary>
    public Parts Value { get; }

    /// <summary>The whole value, <c>kms:v1:...</c>.</summary>
    public string Text => Value.Text;

    /// <summary>The wrapped data key exactly as written; values of one encryption run share it, so it keys the cache.</summary>
    public string WrappedKeyText => Value.WrappedKeyText;

    public WrappedDataKey WrappedKey => Value.WrappedKey;

    public string Format() => Text;

    /// <summary>Parses a <c>kms:v1:</c> value; on failure <paramref name="problem"/> says why, without quoting the value.</summary>
    public static EncryptedValue? TryParse(string value, out string? problem) => TryParse(value, wrappedKeys: null, out problem);

    /// <summary>Parses a <c>kms:v1:</c> value, sharing wrapped keys already parsed by <paramref name="wrappedKeys"/>.</summary>
    public static EncryptedValue? TryParse(string value, WrappedKeyLookup? wrappedKeys, out string? problem) =>
        TryParse(value, wrappedKeys ?? new WrappedKeyLookup(), out var parts, out problem) ? new EncryptedValue(parts) : null;

    /// <summary>
    /// Parses a <c>kms:v1:</c> value without allocating (for a wrapped key that <paramref name="wrappedKeys"/> has seen):
    /// the load path parses each value twice, to group it and to decrypt it, and keeps nothing per value in between.
    /// On failure <paramref name="problem"/> says why, without quoting the value.
    /// </summary>
    public static bool TryParse(string value, WrappedKeyLookup wrappedKeys, out Parts parts, out string? problem)
    {
        parts = default;
        problem = null;
        if (!value.StartsWith(V1Prefix, StringComparison.Ordinal))
        {
            problem = value.StartsWith(AnyPrefix, StringComparison.Ordinal)
                ? "it uses an unsupported format version; this version of KmsConfig reads 'kms:v1:' and 'kms:raw:' values"
                : "it does not start with 'kms:v1:'";
            return false;
        }

        var rest = value.AsSpan(V1Prefix.Length);
        var count = rest.Count(':') + 1;
        if (count != 3)
        {
            problem = $"it has {count} parts after 'kms:v1:' instead of 3 (wrapped key, nonce, ciphertext); it may be truncated";
            return false;
        }

        var first = rest.IndexOf(':');
        var wrapped = wrappedKeys.Find(rest[..first]);
        if (wrapped is null)
        {
            problem = "its wrapped data key part is not valid; the value may be truncated or damaged";
            return false;
        }

        rest = rest[(first + 1)..];
        var second = rest.IndexOf(':');
        var nonce = rest[..second];
        if (nonce.Length != NonceTextLength || !Base64Url.IsCanonical(nonce))
        {
            problem = "its nonce part is not 12 bytes of base64url; the value may be truncated or damaged";
            return false;
        }

        var ciphertext = rest[(second + 1)..];
        if (!Base64Url.IsCanonical(ciphertext) || Base64Url.DecodedLength(ciphertext.Length) < TagSize)
        {
            problem = "its ciphertext part is shorter than the authentication tag or not base64url; the value may be truncated or damaged";
            return false;
        }

        parts = new Parts(value, wrapped.Value.Text, wrapped.Value.Key);
        return true;
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

    /// <summary>A <c>kms:v1:</c> value's parts as positions in its text: reading them allocates nothing.</summary>
    public readonly struct Parts
    {
        private readonly int _nonceStart;

        public Parts(string text, string wrappedKeyText, WrappedDataKey wrappedKey)
        {
            Text = text;
            WrappedKeyText = wrappedKeyText;
            WrappedKey = wrappedKey;
            _nonceStart = V1Prefix.Length + wrappedKeyText.Length + 1;
        }

        /// <summary>The whole value, <c>kms:v1:...</c>.</summary>
        public string Text { get; }

        /// <summary>The wrapped data key part: one shared string instance per distinct key (see <see cref="WrappedKeyLookup"/>).</summary>
        public string WrappedKeyText { get; }

        public WrappedDataKey WrappedKey { get; }

        public ReadOnlySpan<char> NonceText => Text.AsSpan(_nonceStart, NonceTextLength);

        public ReadOnlySpan<char> CiphertextText => Text.AsSpan(_nonceStart + NonceTextLength + 1);
    }
}
