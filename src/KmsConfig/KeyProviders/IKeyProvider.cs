using KmsConfig.Format;

namespace KmsConfig.KeyProviders;

/// <summary>
/// The only door to key material: AWS KMS or a local key. Implementations throw <see cref="KeyProviderException"/>
/// with a <see cref="KmsConfigurationErrorReason"/> for every failure the user can act on.
/// </summary>
internal interface IKeyProvider
{
    KeyProviderKind Kind { get; }

    /// <summary>Creates a 256-bit data key wrapped by <paramref name="keyId"/> under <paramref name="encryptionContext"/>.</summary>
    Task<GeneratedDataKey> GenerateDataKeyAsync(string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken);

    /// <summary>
    /// Decrypts a blob. <paramref name="keyId"/>, when given, must be the key that encrypted it (KMS refuses any other).
    /// <paramref name="recordedKeyId"/> is the key the value itself names (for KMS, the key ARN): it only helps to find
    /// the key (its region), and is never trusted as a constraint.
    /// </summary>
    Task<DecryptedBlob> DecryptAsync(string? keyId, string? recordedKeyId, byte[] blob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken);
}
