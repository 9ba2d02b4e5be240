using System.Security.Cryptography;
using System.Text;

namespace KmsConfig.Format;

/// <summary>AES-256-GCM encryption of one value under an unwrapped data key.</summary>
internal static class ValueCipher
{
    public static EncryptedValue Encrypt(ReadOnlySpan<byte> dataKey, WrappedDataKey wrappedKey, string wrappedKeyText, string keyPath, string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(EncryptedValue.NonceSize);
        return Encrypt(dataKey, wrappedKey, wrappedKeyText, nonce, keyPath, plaintext);
    }

    /// <summary>Encrypts with a caller-chosen nonce; only the test vectors choose one.</summary>
    public static EncryptedValue Encrypt(ReadOnlySpan<byte> dataKey, WrappedDataKey wrappedKey, string wrappedKeyText, byte[] nonce, string keyPath, string plaintext)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[plainBytes.Length + EncryptedValue.TagSize];
        using (var aes = new AesGcm(dataKey, EncryptedValue.TagSize))
        {
            aes.Encrypt(
                nonce,
                plainBytes,
                output.AsSpan(0, plainBytes.Length),
                output.AsSpan(plainBytes.Length),
                EncryptedValue.AssociatedData(wrappedKey.KeyId, keyPath));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return new EncryptedValue(wrappedKeyText, wrappedKey, nonce, output);
    }

    /// <summary>
    /// Decrypts; throws <see cref="AuthenticationTagMismatchException"/> when the value or its key path was changed.
    /// Allocates only the result string for values up to 1 KB: this runs once per value at every startup.
    /// </summary>
    public static string Decrypt(AesGcm aes, EncryptedValue value, string keyPath)
    {
        var ciphertextLength = value.CiphertextAndTag.Length - EncryptedValue.TagSize;
        var plainBytes = ciphertextLength <= 1024 ? stackalloc byte[ciphertextLength] : new byte[ciphertextLength];
        var maxAssociatedData = EncryptedValue.MaxAssociatedDataLength(value.WrappedKey.KeyId, keyPath);
        var associatedData = maxAssociatedData <= 1024 ? stackalloc byte[maxAssociatedData] : new byte[maxAssociatedData];
        associatedData = associatedData[..EncryptedValue.WriteAssociatedData(value.WrappedKey.KeyId, keyPath, associatedData)];
        try
        {
            aes.Decrypt(
                value.Nonce,
                value.CiphertextAndTag.AsSpan(0, ciphertextLength),
                value.CiphertextAndTag.AsSpan(ciphertextLength),
                plainBytes,
                associatedData);
            return Encoding.UTF8.GetString(plainBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainBytes);
        }
    }
}
