using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmsConfig.Format;

namespace KmsConfig.KeyProviders;

/// <summary>
/// Wraps data keys with a local 256-bit key (AES-256-GCM), binding the key id and the encryption context as
/// associated data, so a wrong context fails here exactly as it fails in KMS.
/// </summary>
internal sealed class LocalKeyProvider : IKeyProvider
{
    private const string WrapLabel = "kmsconfig:local-wrap:v1";

    private readonly string? _directory;

    public LocalKeyProvider(string? directory)
    {
        _directory = directory;
    }

    public KeyProviderKind Kind => KeyProviderKind.Local;

    public Task<GeneratedDataKey> GenerateDataKeyAsync(string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        var dataKey = RandomNumberGenerator.GetBytes(EncryptedValue.DataKeySize);
        var blob = Wrap(keyId, dataKey, encryptionContext, RandomNumberGenerator.GetBytes(EncryptedValue.NonceSize));
        return Task.FromResult(new GeneratedDataKey(dataKey, blob, CanonicalKeyId(keyId)));
    }

    public Task<DecryptedBlob> DecryptAsync(string? keyId, string? recordedKeyId, byte[] blob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        if (keyId is null)
        {
            throw new KeyProviderException(KmsConfigurationErrorReason.MalformedValue, "a local key id is required to decrypt");
        }

        var material = LoadKey(keyId);
        try
        {
            if (blob.Length < EncryptedValue.NonceSize + EncryptedValue.TagSize)
            {
                throw new KeyProviderException(KmsConfigurationErrorReason.MalformedValue, "the wrapped data key is truncated");
            }

            var ciphertextLength = blob.Length - EncryptedValue.NonceSize - EncryptedValue.TagSize;
            var plaintext = new byte[ciphertextLength];
            using var aes = new AesGcm(material, EncryptedValue.TagSize);
            try
            {
                aes.Decrypt(
                    blob.AsSpan(0, EncryptedValue.NonceSize),
                    blob.AsSpan(EncryptedValue.NonceSize, ciphertextLength),
                    blob.AsSpan(EncryptedValue.NonceSize + ciphertextLength),
                    plaintext,
                    AssociatedData(CanonicalKeyId(keyId), encryptionContext));
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new KeyProviderException(
                    KmsConfigurationErrorReason.EncryptionContextMismatch,
                    "the local key rejected the wrapped data key: the encryption context differs from the one the value was encrypted under, the key file holds a different key, or the wrapped key is damaged",
                    ex);
            }

            return Task.FromResult(new DecryptedBlob(plaintext, CanonicalKeyId(keyId)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Wraps with a caller-chosen nonce; only the test vectors choose one.</summary>
    internal byte[] Wrap(string keyId, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string> encryptionContext, byte[] nonce)
    {
        var material = LoadKey(keyId);
        try
        {
            var blob = new byte[EncryptedValue.NonceSize + plaintext.Length + EncryptedValue.TagSize];
            nonce.CopyTo(blob, 0);
            using var aes = new AesGcm(material, EncryptedValue.TagSize);
            aes.Encrypt(
                nonce,
                plaintext,
                blob.AsSpan(EncryptedValue.NonceSize, plaintext.Length),
                blob.AsSpan(EncryptedValue.NonceSize + plaintext.Length),
                AssociatedData(CanonicalKeyId(keyId), encryptionContext));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary><c>local:</c> is case-insensitive on input; the stored id is always lower-case prefix plus the name.</summary>
    internal static string CanonicalKeyId(string keyId) => LocalKeys.KeyIdPrefix + LocalKeys.NameOf(keyId);

    /// <summary>Label, key id, then the context pairs sorted by key, each field length-prefixed: unambiguous, order-free.</summary>
    internal static byte[] AssociatedData(string keyId, IReadOnlyDictionary<string, string> encryptionContext)
    {
        using var buffer = new MemoryStream();
        Write(buffer, WrapLabel);
        Write(buffer, keyId);
        foreach (var pair in encryptionContext.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Write(buffer, pair.Key);
            Write(buffer, pair.Value);
        }

        return buffer.ToArray();

        static void Write(MemoryStream buffer, string field)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
    }

    private byte[] LoadKey(string keyId)
    {
        var name = LocalKeys.NameOf(keyId);
        try
        {
            LocalKeys.ValidateName(name);
        }
        catch (ArgumentException ex)
        {
            throw new KeyProviderException(KmsConfigurationErrorReason.InvalidSettings, "the local key name is not valid", ex);
        }

        try
        {
            var key = LocalKeys.TryLoad(name, _directory, out var problem);
            return key ?? throw new KeyProviderException(
                KmsConfigurationErrorReason.LocalKeyMissing,
                problem ?? $"the local key was not found: neither {LocalKeys.GetEnvironmentVariableName(name)} nor '{LocalKeys.GetKeyFilePath(name, _directory)}' is there");
        }
        catch (InvalidOperationException ex)
        {
            // No usable key directory (see LocalKeys.GetDirectory); its message says what to set.
            throw new KeyProviderException(KmsConfigurationErrorReason.LocalKeyMissing, ex.Message.TrimEnd('.'), ex);
        }
    }
}
