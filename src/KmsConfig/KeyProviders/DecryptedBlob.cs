namespace KmsConfig.KeyProviders;

/// <summary>What a key provider decrypted, and the id (for KMS, the ARN) of the key that decrypted it.</summary>
internal sealed record DecryptedBlob(byte[] Plaintext, string KeyId);
