namespace KmsConfig;

/// <summary>
/// Every user-facing error sentence, in one place: what failed (file, key path, key), why, and what to do.
/// None of them ever includes plaintext or ciphertext.
/// </summary>
internal static class ErrorMessages
{
    /// <summary>A cause (sentence fragment) for a default KMS client that has no region to call.</summary>
    public const string RegionMissing =
        "no AWS region is configured for the KMS client, and the value names no key ARN to take it from: " +
        "set AWS_REGION (or a region in the AWS profile), or give the source a KmsClient";

    public static string DecryptFailed(string? filePath, string keyPath, int othersSharingKey, string? keyId, string cause, KmsConfigurationErrorReason reason)
    {
        var what = othersSharingKey switch
        {
            0 => $"'{keyPath}'",
            1 => $"'{keyPath}' (and 1 other value that shares its data key)",
            _ => $"'{keyPath}' (and {othersSharingKey} other values that share its data key)",
        };
        var where = filePath is null ? string.Empty : $" in '{filePath}'";
        var with = keyId is null ? string.Empty : $" with key '{keyId}'";
        return $"Could not decrypt {what}{where}{with}: {cause}. {Fix(reason, filePath, keyPath, keyId)}".TrimEnd();
    }

    public static string Malformed(string? filePath, string keyPath, string problem) =>
        $"The value of '{keyPath}'{In(filePath)} starts with 'kms:' but is not a valid encrypted value: {problem}. " +
        $"Restore it from version control, or encrypt it again with {EncryptCommand(filePath, keyPath)}.";

    public static string PlaintextNotAllowed(string? filePath, string keyPath, string pattern) =>
        $"'{keyPath}'{In(filePath)} holds plaintext, but keys matching '{pattern}' must be encrypted. " +
        $"Encrypt it with {EncryptCommand(filePath, keyPath)}.";

    public static string KeyNotAllowed(string? filePath, string keyPath, int othersSharingKey, string keyId) =>
        DecryptFailed(filePath, keyPath, othersSharingKey, keyId, "its data key was wrapped by a key that is not in AllowedKeyIds", KmsConfigurationErrorReason.KeyNotAllowed);

    public static string WrongKey(string? filePath, string keyPath, int othersSharingKey, string? valueKeyId, string fileKeyId, bool byKms) =>
        DecryptFailed(
            filePath,
            keyPath,
            othersSharingKey,
            valueKeyId,
            (byKms ? "KMS reports that the value is" : "the value is") + $" wrapped by a different key than the file's KeyId '{fileKeyId}'"
            + (IsAlias(fileKeyId) && filePath is not null ? $" (if that alias was pointed at another key since, move the values to it with 'dotnet kms-encrypt rotate {filePath}', which reads each value under the key it records)" : string.Empty),
            KmsConfigurationErrorReason.IncorrectKey);

    // alias/orders or arn:aws:kms:region:account:alias/orders.
    private static bool IsAlias(string keyId) =>
        keyId.StartsWith("alias/", StringComparison.Ordinal) || keyId.Contains(":alias/", StringComparison.Ordinal);

    public static string RawValueUnderLocalKey(string? filePath, string keyPath, int othersRaw, string fileKeyId) =>
        DecryptFailed(
            filePath,
            keyPath,
            0,
            keyId: null,
            "the value is AWS KMS ciphertext (kms:raw:), so it is wrapped by a different key than the file's KeyId " +
            $"'{fileKeyId}'" + (othersRaw == 0 ? string.Empty : $" (and so are {othersRaw} other kms:raw: values)"),
            KmsConfigurationErrorReason.IncorrectKey);

    public static string ReservedContextKey(string? filePath, string key) =>
        $"The encryption context{In(filePath)} uses the key '{key}', which KmsConfig reserves for itself. Rename that pair in the KmsConfig:EncryptionContext section.";

    public static string RequiredContextConflict(string? filePath, string key, string required, string actual) =>
        $"The encryption context{In(filePath)} sets '{key}' to '{actual}', but the application requires '{key}={required}'. " +
        "Fix the KmsConfig:EncryptionContext section, or re-encrypt the file for this application.";

    public static string Timeout(string? filePath, string keyPath, int othersSharingKey, string? keyId, TimeSpan timeout) =>
        keyPath.Length == 0
            ? $"Could not decrypt the values{In(filePath)}: KMS did not answer within {timeout.TotalSeconds:0.#} s. {Fix(KmsConfigurationErrorReason.KmsUnavailable, filePath, keyPath, keyId)}"
            : DecryptFailed(filePath, keyPath, othersSharingKey, keyId, $"KMS did not answer within {timeout.TotalSeconds:0.#} s", KmsConfigurationErrorReason.KmsUnavailable);

    public static string UnparsableJson(long? line, long? bytePosition) =>
        line is null
            ? "Could not parse the JSON file."
            : $"Could not parse the JSON file: the error is at line {line + 1}, byte {bytePosition + 1} of that line.";

    public static string LoneSurrogateInJson(long? line, long? bytePosition) =>
        "Could not parse the JSON file: " + (line is null ? "a string" : $"the string at line {line + 1}, byte {bytePosition + 1} of that line,")
        + " holds a \\u escape of half a UTF-16 surrogate pair (such as \\ud800 without the \\udc00-\\udfff that must follow it), which is no character.";

    public static string InvalidSection(string? filePath, string problem) =>
        $"The KmsConfig section{In(filePath)} is not valid: {problem}.";

    private static string In(string? filePath) => filePath is null ? string.Empty : $" in '{filePath}'";

    // A value from a file is encrypted into it with 'set'; one from another source (AddKmsDecryption: an environment
    // variable, a secret store) is printed with 'value' for that source.
    private static string EncryptCommand(string? filePath, string keyPath) =>
        filePath is null
            ? $"'dotnet kms-encrypt value {keyPath}' with the key and context this source expects (--key-id and --context, or --settings FILE)"
            : $"'dotnet kms-encrypt set {filePath} {keyPath}'";

    private static string Fix(KmsConfigurationErrorReason reason, string? filePath, string keyPath, string? keyId) => reason switch
    {
        KmsConfigurationErrorReason.IntegrityCheckFailed =>
            $"The value was changed, truncated, or copied from another key path; restore it from version control or encrypt it again with {EncryptCommand(filePath, keyPath)}.",
        KmsConfigurationErrorReason.EncryptionContextMismatch when filePath is null =>
            "Make the EncryptionContext given to AddKmsDecryption match the context the value was encrypted under (the --context pairs of 'dotnet kms-encrypt value', or those of the file given with --settings).",
        KmsConfigurationErrorReason.EncryptionContextMismatch when LocalKeys.IsLocalKeyId(keyId) =>
            "Make the file's KmsConfig:EncryptionContext (and RequiredEncryptionContext in code) match the context the values were encrypted under, or provide the local key they were encrypted with (a new key of the same name cannot decrypt them).",
        KmsConfigurationErrorReason.EncryptionContextMismatch =>
            "Make the file's KmsConfig:EncryptionContext (and RequiredEncryptionContext in code) match the context the values were encrypted under.",
        KmsConfigurationErrorReason.KeyNotAllowed =>
            "Add the key to AllowedKeyIds if it is trusted, or encrypt the value again with an allowed key.",
        KmsConfigurationErrorReason.IncorrectKey =>
            $"Encrypt the value again with the file's key ({EncryptCommand(filePath, keyPath)}), or correct KmsConfig:KeyId if it names the wrong key.",
        KmsConfigurationErrorReason.KeyDisabled =>
            "Enable the key (or cancel its scheduled deletion) in AWS KMS.",
        KmsConfigurationErrorReason.KeyNotFound =>
            "Check the key id, the AWS account and AWS_REGION.",
        KmsConfigurationErrorReason.AccessDenied =>
            $"Grant kms:Decrypt on '{keyId ?? "the key"}', under the file's encryption context, to the role that decrypts it (the application's; yours for the tool's decrypt and rotate).",
        KmsConfigurationErrorReason.Throttled =>
            "Check the account's KMS request quota; fewer data keys (dotnet kms-encrypt rotate) and staggered rollouts need fewer requests.",
        KmsConfigurationErrorReason.KmsUnavailable =>
            "Check network access to the KMS endpoint, AWS_REGION and AWS_ENDPOINT_URL_KMS, then try again.",
        KmsConfigurationErrorReason.CredentialsMissing =>
            "Give the process AWS credentials: an instance or task role, AWS_PROFILE, or the AWS_ACCESS_KEY_ID variables.",
        KmsConfigurationErrorReason.LocalKeyMissing =>
            "Provide the local key the values were encrypted with (its key file, or its KMSCONFIG_LOCAL_KEY_<NAME> variable), from whoever encrypted them; a new key of the same name cannot decrypt them.",
        _ => string.Empty,
    };
}
