using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace KmsConfig.Format;

/// <summary>AES-256-GCM encryption of one value under an unwrapped data key.</summary>
internal static class ValueCipher
{
    private const int StackLimit = 1024;

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
    /// Allocates only the result string (larger buffers come from the pool): this runs once per value at every startup.
    /// </summary>
    public static string Decrypt(AesGcm aes, EncryptedValue value, string keyPath) => Decrypt(aes, value.Value, keyPath);

    /// <inheritdoc cref="Decrypt(AesGcm, EncryptedValue, string)"/>
    public static string Decrypt(AesGcm aes, in EncryptedValue.Parts value, string keyPath)
    {
        Span<byte> nonce = stackalloc byte[EncryptedValue.NonceSize];
        Base64Url.TryDecode(value.NonceText, nonce, out _);

        var sealedLength = Base64Url.DecodedLength(value.CiphertextText.Length);
        byte[]? rented = null;
        var sealedBytes = sealedLength <= StackLimit ? stackalloc byte[sealedLength] : (rented = ArrayPool<byte>.Shared.Rent(sealedLength)).AsSpan(0, sealedLength);
        var plainLength = sealedLength - EncryptedValue.TagSize;
        byte[]? rentedPlain = null;
        var plainBytes = plainLength <= StackLimit ? stackalloc byte[plainLength] : (rentedPlain = ArrayPool<byte>.Shared.Rent(plainLength)).AsSpan(0, plainLength);
        var maxAssociatedData = EncryptedValue.MaxAssociatedDataLength(value.WrappedKey.KeyId, keyPath);
        var associatedData = maxAssociatedData <= StackLimit ? stackalloc byte[maxAssociatedData] : new byte[maxAssociatedData];
        associatedData = associatedData[..EncryptedValue.WriteAssociatedData(value.WrappedKey.KeyId, keyPath, associatedData)];
        try
        {
            Base64Url.TryDecode(value.CiphertextText, sealedBytes, out _);
            aes.Decrypt(nonce, sealedBytes[..plainLength], sealedBytes[plainLength..], plainBytes, associatedData);
            return Encoding.UTF8.GetString(plainBytes);
        }
        finally
        {
            // Plaintext never goes back to the pool (or the stack) readable.
            CryptographicOperations.ZeroMemory(plainBytes);
            if (rentedPlain is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPlain);
            }

            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
