namespace KmsConfig.Format;

/// <summary>Which key provider wrapped a data key; the first byte of a wrapped data key.</summary>
internal enum KeyProviderKind : byte
{
    /// <summary>AWS KMS: the blob is a KMS <c>CiphertextBlob</c> from <c>GenerateDataKey</c>.</summary>
    AwsKms = 0x01,

    /// <summary>A local 256-bit key: the blob is nonce, ciphertext and tag of AES-256-GCM.</summary>
    Local = 0x02,
}
