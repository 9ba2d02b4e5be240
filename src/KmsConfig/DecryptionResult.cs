namespace KmsConfig;

/// <summary>Decrypted values plus the counts that the provider logs and the benchmarks report.</summary>
internal sealed record DecryptionResult(
    Dictionary<string, string?> Values,
    int EncryptedValueCount,
    int DataKeyCount,
    int KeyProviderRequests);
