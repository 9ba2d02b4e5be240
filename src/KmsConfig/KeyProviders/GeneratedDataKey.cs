namespace KmsConfig.KeyProviders;

/// <summary>A fresh data key: its plaintext (zero it after use), its wrapped blob, and the id of the key that wrapped it.</summary>
internal sealed record GeneratedDataKey(byte[] Plaintext, byte[] WrappedBlob, string KeyId);
