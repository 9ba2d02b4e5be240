using System.Security.Cryptography;
using System.Text;
using KmsConfig.Format;

namespace KmsConfig;

/// <summary>Recognises KmsConfig values without decrypting them.</summary>
public static class EncryptedValues
{
    /// <summary>The prefix of every KmsConfig value, <c>kms:</c>.</summary>
    public const string Prefix = EncryptedValue.AnyPrefix;

    /// <summary>
    /// The encryption-context key that KmsConfig adds to every data key (<c>kmsconfig=v1</c>), so data keys made for
    /// KmsConfig serve nothing else. Users may not set it; key policies may require it.
    /// </summary>
    public const string PurposeContextKey = "kmsconfig";

    /// <summary>The value of <see cref="PurposeContextKey"/> for format version 1.</summary>
    public const string PurposeContextValue = "v1";

    /// <summary>Gets whether <paramref name="value"/> is a KmsConfig value (it starts with <c>kms:</c>).</summary>
    /// <param name="value">A settings value.</param>
    /// <returns><see langword="true"/> if the provider will try to decrypt the value.</returns>
    public static bool IsEncrypted(string? value) =>
        value is not null && value.StartsWith(EncryptedValue.AnyPrefix, StringComparison.Ordinal);

    /// <summary>Gets the key id that wrapped a <c>kms:v1:</c> value's data key, or <see langword="null"/> when the value is not one.</summary>
    /// <param name="value">A settings value.</param>
    /// <returns>A KMS key ARN or a <c>local:</c> key id.</returns>
    public static string? GetKeyId(string? value) =>
        value is null ? null : EncryptedValue.TryParse(value, out _)?.WrappedKey.KeyId;

    /// <summary>
    /// Gets a short fingerprint of the data key a <c>kms:v1:</c> value was encrypted with (a hash of its wrapped form),
    /// or <see langword="null"/> when the value is not one. Values written in one encryption run share it.
    /// </summary>
    /// <param name="value">A settings value.</param>
    /// <returns>Sixteen hexadecimal characters.</returns>
    public static string? GetDataKeyFingerprint(string? value)
    {
        var parsed = value is null ? null : EncryptedValue.TryParse(value, out _);
        return parsed is null
            ? null
            : Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(parsed.WrappedKeyText)).AsSpan(0, 8)).ToLowerInvariant();
    }
}
