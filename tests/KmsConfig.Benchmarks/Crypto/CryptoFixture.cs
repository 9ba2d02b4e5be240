using System.Security.Cryptography;
using KmsConfig.Format;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>A data key wrapped as real KMS would wrap it (a key ARN and a 184-byte blob), and values encrypted under it.</summary>
internal sealed class CryptoFixture
{
    public static readonly Dictionary<string, string> Context = new(StringComparer.Ordinal) { ["app"] = "orders", ["env"] = "bench" };

    public CryptoFixture()
    {
        DataKey = RandomNumberGenerator.GetBytes(EncryptedValue.DataKeySize);
        WrappedKey = new WrappedDataKey(KeyProviderKind.AwsKms, "arn:aws:kms:us-east-1:123456789012:key/" + Guid.NewGuid(), RandomNumberGenerator.GetBytes(184));
        WrappedKeyText = Base64Url.Encode(WrappedKey.ToBytes());
    }

    public byte[] DataKey { get; }

    public WrappedDataKey WrappedKey { get; }

    public string WrappedKeyText { get; }

    public static string Plaintext(int size) => string.Create(size, size, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + (i % 26));
        }
    });

    public EncryptedValue Encrypt(string keyPath, string plaintext) => ValueCipher.Encrypt(DataKey, WrappedKey, WrappedKeyText, keyPath, plaintext);

    /// <summary>Puts the data key into the process-wide cache, as a first load would, so no KMS request is made.</summary>
    public void FillDataKeyCache() =>
        DataKeyCache.Add(DataKeyCache.KeyFor(WrappedKeyText, SettingsDecryptor.EnvelopeContext(Context, file: null)), DataKey);

    /// <summary>The managed size of a string of <paramref name="length"/> chars on 64-bit .NET: what the result alone costs.</summary>
    public static long StringBytes(int length) => (22 + (2L * length) + 7) / 8 * 8;
}
