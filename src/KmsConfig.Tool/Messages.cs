namespace KmsConfig.Tool;

/// <summary>
/// Every sentence the tool writes to stderr, in one place. Each names the file, the key path and the key where they
/// apply, and says what to do. None contains a secret, a ciphertext, or text copied from a settings file's values.
/// </summary>
internal static class Messages
{
    private const string EncryptAdvice = "encrypt secrets with 'dotnet kms-encrypt file FILE' or 'set FILE KEY_PATH'";

    private const string FixJsonAdvice = "fix the JSON at the line and column shown, since the application cannot start with a settings file that does not parse";

    public const string SeeHelp = "Run 'dotnet kms-encrypt --help' for usage.";

    public const string Canceled = "Canceled; no file was changed.";

    public const string SecretPromptAgain = "Enter it again: ";

    public const string ExtraArgument =
        "The command line has an argument this verb does not take (not repeated here, in case it is a secret); secrets are read from stdin or a hidden prompt, never from arguments.";

    public const string InitNeedsOneKey = "Give exactly one of --key-id ID (an AWS KMS key) or --local NAME (a local key).";

    public const string ValueNeedsKey = "No key to encrypt with: pass --key-id ID, or --settings FILE to use that file's KmsConfig section.";

    public static string UnknownOption(string token) => $"'{token}' is not an option of this verb.";

    // Secrets.
    public static string SecretPrompt(string keyPath) => $"Secret for '{keyPath}' (input is hidden): ";

    public static string EmptySecret(string keyPath) =>
        $"No secret for '{keyPath}' was given; pipe it to stdin (printf '%s' \"$SECRET\" | dotnet kms-encrypt ...) or type it at the prompt.";

    public static string SecretNotUtf8(string keyPath) =>
        $"The secret for '{keyPath}' on stdin is not valid UTF-8; convert it first (for example with 'iconv -t UTF-8') or type it at the prompt.";

    public static string SecretsDiffer(string keyPath) => $"The two entries for '{keyPath}' differ; nothing was written.";

    // Files.
    public static string FileNotFound(string file) => $"The settings file '{file}' does not exist.";

    public static string IsDirectory(string file) => $"'{file}' is a directory; name a settings file such as '{Path.Combine(file, "appsettings.json")}'.";

    public static string CannotRead(string file, string problem) => $"Could not read '{file}': {problem}.";

    public static string CannotWrite(string file, Exception ex) => $"Could not write '{file}' ({Describe(ex)}); the file is unchanged.";

    public static string CannotSearch(string directory, string problem) =>
        $"Could not search the directory '{directory}' ({problem}); the settings files in it were not checked.";

    public static string ReadOnlyFile(string file) =>
        $"'{file}' is read-only, so it was left unchanged; make it writable (chmod u+w '{file}') if it should change, then run the command again.";

    public static string DirectoryMissing(string file, string directory) =>
        $"Cannot write '{file}': the directory '{directory}' does not exist; create it first, or name a file in an existing directory.";

    public static string ChangedMeanwhile(string file) =>
        $"'{file}' changed on disk while the tool was working on it, so nothing was written; run the command again to apply it to the new content.";

    public static string CannotEdit(string file, string problem) => $"Cannot write into '{file}': {problem}.";

    public static string CannotEdit(string problem) => $"Cannot edit the settings file: {problem}.";

    public static string InvalidSection(string file, string problem) =>
        $"The KmsConfig section of '{file}' is not valid: {problem}; fix it, or delete it and write a new one with {InitCommand(file)}.";

    // Key paths.
    public static string KeyPathInvalid(string keyPath) =>
        $"'{keyPath}' is not a configuration key path; write it as IConfiguration does, for example 'ConnectionStrings:Default' or 'Clients:0:Secret'.";

    public static string KeyPathInSection(string keyPath) =>
        $"'{keyPath}' is inside the KmsConfig section, which holds the file's key settings and no secrets; choose another key path.";

    public static string KeyPathNotFound(string file, string keyPath) => $"'{file}' has no value at '{keyPath}'.";

    public static string KeyPathNotFoundInAny(IReadOnlyList<string> files, string keyPath) =>
        $"None of {string.Join(", ", files.Select(f => "'" + f + "'"))} has a value at '{keyPath}'.";

    public static string KeyPathIsSection(string file, string keyPath) => $"'{keyPath}' in '{file}' is a section, not a value; name one of its values.";

    // Keys and context.
    public static string NoKey(string file) =>
        $"No key to encrypt '{file}' with: pass --key-id ID (a KMS key ARN, alias/NAME, or local:NAME), or first run {InitCommand(file)}.";

    public static string NoKeyInSection(string file) =>
        $"The KmsConfig section of '{file}' names no KeyId; pass --key-id ID to encrypt and record it there.";

    public static string ContextDiffersFromSection(string file, string sectionContext) =>
        $"--context differs from the encryption context in the KmsConfig section of '{file}' ({sectionContext}), which the application decrypts with; drop --context or edit the section.";

    public static string ContextPairMalformed(string token) => $"'{token}' is not an encryption-context pair; write --context KEY=VALUE, for example --context app=orders.";

    public static string ContextKeyReserved(string key) => $"The encryption-context key '{key}' is reserved: KmsConfig adds '{key}=v1' to every data key itself.";

    public static string ContextKeyTwice(string key) => $"The encryption-context key '{key}' is given twice; give each key once.";

    public static string FilesNeedDifferentKeys(string file, string keyId, string otherFile, string otherKeyId, string verb) =>
        $"'{file}' and '{otherFile}' are encrypted with different keys ('{keyId}' and '{otherKeyId}'), so their values cannot share one data key; " +
        (verb == "rotate" ? "move them all to one key with --to-key-id ID, or run 'rotate' once for each file." : $"give them the same KmsConfig:KeyId, or run '{verb}' once for each file.");

    public static string FilesNeedDifferentContexts(string file, string context, string otherFile, string otherContext, string verb) =>
        $"'{file}' ({context}) and '{otherFile}' ({otherContext}) have different encryption contexts, so their values cannot share one data key, which is made under one context; run '{verb}' once for each file.";

    public static string RotateNeedsKey(string file) =>
        $"The values in '{file}' use several keys and the file names no KeyId; pass --to-key-id ID to choose the key they move to.";

    // AWS.
    public static string ProfileNotFound(string profile) => $"The AWS profile '{profile}' was not found in ~/.aws/config or ~/.aws/credentials; check --profile.";

    public static string ProfileUnusable(string profile) => $"The AWS profile '{profile}' has no usable credentials; sign in (for example 'aws sso login --profile {profile}') and retry.";

    public static string EndpointInvalid(string endpoint) => $"'{endpoint}' is not an absolute URL; pass --endpoint-url like http://127.0.0.1:5000.";

    public static string Unexpected(string verb, string errorType) =>
        $"'dotnet kms-encrypt {verb}' stopped on an unexpected {errorType}; no secret was printed and no file was half-written (writes are atomic), so run it again, and if it repeats, report the command line (without the secret) to the KmsConfig maintainers.";

    public static string EncryptFailed(string? file, IReadOnlyList<string> keyPaths, string keyId, string cause, string? fix)
    {
        var paths = keyPaths.Count <= 3
            ? string.Join(", ", keyPaths.Select(p => "'" + p + "'"))
            : string.Join(", ", keyPaths.Take(3).Select(p => "'" + p + "'")) + $" and {keyPaths.Count - 3} more";
        var where = file is null ? string.Empty : $" in '{file}'";
        return $"Could not encrypt {paths}{where} with key '{keyId}': {cause}{(fix is null ? string.Empty : "; " + fix)}.";
    }

    /// <summary>What to do about a failed encryption, or <see langword="null"/> when the cause already says it.</summary>
    public static string? EncryptFix(KmsConfigurationErrorReason reason, string keyId, string? file) => reason switch
    {
        KmsConfigurationErrorReason.AccessDenied => $"grant kms:GenerateDataKey on '{keyId}' to your role (see 'dotnet kms-encrypt policy')",
        KmsConfigurationErrorReason.KeyNotFound => "check the key id, the AWS account and the region (--region, AWS_REGION)",
        KmsConfigurationErrorReason.KeyDisabled => "enable the key in AWS KMS or choose another with --key-id",
        KmsConfigurationErrorReason.CredentialsMissing => "sign in to AWS (aws sso login, --profile, AWS_PROFILE) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        KmsConfigurationErrorReason.KmsUnavailable => "check --endpoint-url, AWS_ENDPOINT_URL_KMS and the network, then run it again",
        KmsConfigurationErrorReason.Throttled => "wait a moment and run it again",
        KmsConfigurationErrorReason.LocalKeyMissing when LocalKeys.IsLocalKeyId(keyId) =>
            $"if nothing was encrypted with it yet, create it with 'dotnet kms-encrypt init {file ?? "FILE"} --local {keyId[LocalKeys.KeyIdPrefix.Length..]}', otherwise get that key from whoever encrypted the values (a new key cannot decrypt them)",
        _ => null,
    };

    public static string AwsFailed(string errorType) => $"The AWS SDK failed before KMS answered ({errorType}); check credentials (AWS_PROFILE, aws sso login), AWS_REGION and --endpoint-url.";

    // Results.
    public static string ValueSet(string file, string keyPath, string keyId, bool replaced, bool sectionAdded) =>
        $"{(replaced ? "Replaced" : "Added")} '{keyPath}' in '{file}', encrypted with key '{keyId}'{(sectionAdded ? ", and added the KmsConfig section naming that key" : string.Empty)}.";

    public static string ValuePrinted(string keyPath, string keyId, string context) =>
        $"Encrypted the value for '{keyPath}' with key '{keyId}' ({context}); store it where the application reads '{keyPath}', for example the environment variable '{keyPath.Replace(":", "__", StringComparison.Ordinal)}'.";

    public static string ValueDecrypted(string file, string keyPath, string? keyId) =>
        $"Decrypted '{keyPath}' from '{file}' with key '{keyId ?? "unknown"}'.";

    public static string ValueNotEncrypted(string file, string keyPath) => $"'{keyPath}' in '{file}' is not encrypted; printed it as it is.";

    public static string FileDecrypted(string file, int count, string keys) =>
        count == 0 ? $"'{file}' has no encrypted values; printed it as it is." : $"Decrypted {Count(count, "value")} from '{file}' with key {keys}.";

    public static string NothingToRotate(string file) => $"'{file}' has no encrypted values to rotate; nothing was changed.";

    public static string Rotated(string file, int count, int dataKeysBefore, string keyId) =>
        $"Re-encrypted {Count(count, "value")} in '{file}' under one new data key from key '{keyId}' (they used {Count(dataKeysBefore, "data key")} before).";

    public static string NothingToRotateIn(string file) => $"'{file}' has no encrypted values to rotate; left it unchanged.";

    public static string KeyIdRecorded(string file, string keyId, string? previousKeyId) =>
        previousKeyId is null
            ? $"'{file}' has no encrypted values to rotate; wrote '{keyId}' to its KmsConfig:KeyId, so values set in it from now on use that key."
            : $"'{file}' has no encrypted values to rotate; changed its KmsConfig:KeyId from '{previousKeyId}' to '{keyId}', so values set in it from now on use that key.";

    public static string RotatedFiles(int count, int files, int dataKeysBefore, string keyId) =>
        $"Re-encrypted {Count(count, "value")} in {files} files under one new data key from key '{keyId}' (they used {Count(dataKeysBefore, "data key")} before).";

    public static string SectionExists(string file, string? keyId) =>
        $"'{file}' already has a KmsConfig section (key '{keyId ?? "none"}'); edit it by hand, or use 'rotate --to-key-id' to move its values to another key.";

    public static string SectionWritten(string file, string keyId, string context, bool existed) =>
        $"{(existed ? $"Added the KmsConfig section to '{file}'" : $"Created '{file}' with a KmsConfig section")} (key '{keyId}', {context}); next, run 'dotnet kms-encrypt set {file} ConnectionStrings:Default'.";

    public static string UseLocalOption(string keyId) => $"'{keyId}' is a local key; use --local {keyId[LocalKeys.KeyIdPrefix.Length..]} so the key file is created too.";

    public static string LocalKeyNameInvalid(string name) => $"'{name}' is not a local key name; use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.";

    public static string LocalKeyCreated(string keyId, string keyFile, string variable) =>
        $"Created the local key '{keyId}' at '{keyFile}' (readable by you only); keep it out of version control, and give other machines its content in the {variable} environment variable.";

    public static string LocalKeyReused(string keyId, string keyFile) => $"Using the existing local key '{keyId}' at '{keyFile}'.";

    public static string KeyArnInvalid(string value) =>
        $"--key-arn '{value}' is not a KMS key ARN; key policies need the key's ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias.";

    public static string PrincipalArnInvalid(string value) =>
        $"'{value}' is not an IAM role or user ARN (arn:aws:iam::ACCOUNT:role/NAME).";

    public static string PrincipalIsDeveloperAndDecrypts(string value) =>
        $"'{value}' is given with --developer-role and also as an application or rotator role; the developers' Deny of kms:Decrypt would stop it from decrypting, so give each principal one of the two.";

    public static string PolicyPrinted(string keyArn, string context, int appRoles, int developerRoles, int rotatorRoles) =>
        $"Printed a key policy for '{keyArn}' ({Count(appRoles, "application role")} may decrypt under {context}; {Count(developerRoles, "developer principal")} encrypt only"
        + (rotatorRoles > 0 ? $"; {Count(rotatorRoles, "rotator principal")} may decrypt and encrypt" : string.Empty)
        + $"); apply it with 'aws kms put-key-policy --key-id {keyArn} --policy-name default --policy file://policy.json'.";

    public const string CheckFoundNoFiles = "No settings files to check: name files, or directories that hold appsettings*.json.";

    public static string CheckPathNotFound(string path) => $"'{path}' does not exist; name settings files or directories to check.";

    /// <summary>The summary of <c>check</c>; its advice fits the findings (a file that does not parse is fixed, not encrypted).</summary>
    public static string Checked(int files, int unreadable, int findings, int filesWithFindings, int parseErrors)
    {
        var advice = parseErrors == 0 ? EncryptAdvice : parseErrors == findings ? FixJsonAdvice : FixJsonAdvice + ", and " + EncryptAdvice;
        return (unreadable, findings) switch
        {
            (0, 0) => $"No plaintext secrets in {Count(files, "settings file")}.",
            (0, _) => $"Found {Count(findings, "problem")} in {filesWithFindings} of {Count(files, "settings file")}; {advice}.",
            (_, 0) when files == 0 => $"Nothing was checked: {Count(unreadable, "path")} could not be read (see above).",
            (_, 0) => $"No plaintext secrets in the {Count(files, "settings file")} that could be read, but {Count(unreadable, "path")} could not be read (see above), so the check failed.",
            _ => $"Found {Count(findings, "problem")} in {filesWithFindings} of the {Count(files, "settings file")} that could be read, and {Count(unreadable, "path")} could not be read (see above); {advice}.",
        };
    }

    public static string NothingToEncrypt(string file) => $"No plaintext secrets to encrypt in '{file}'; nothing was changed.";

    public static string WouldEncrypt(string file, int count, string? keyId) =>
        keyId is null
            ? $"Would encrypt {Count(count, "value")} in '{file}', once a key is chosen with --key-id ID or {InitCommand(file)}; nothing was changed."
            : $"Would encrypt {Count(count, "value")} in '{file}' with key '{keyId}'; nothing was changed.";

    public static string FileEncrypted(string file, int count, string keyId) => $"Encrypted {Count(count, "value")} in '{file}' under one data key from key '{keyId}'.";

    public static string NothingToEncryptIn(string file) => $"No plaintext secrets to encrypt in '{file}'; left it unchanged.";

    public static string FilesEncrypted(int count, int files, string keyId) =>
        $"Encrypted {Count(count, "value")} in {files} files under one data key from key '{keyId}'.";

    public static string AlreadyEncrypted(string file, string keyPath) => $"'{keyPath}' in '{file}' is already encrypted; left it as it is.";

    public static string KeyPathNotText(string file, string keyPath) => $"'{keyPath}' in '{file}' is true, false or null, not text; only text and numbers can be encrypted.";

    /// <summary>Describes why a file operation failed, without a trailing period (the sentences around it end themselves).</summary>
    public static string Describe(Exception ex) => ex is UnauthorizedAccessException ? "permission denied" : ex.Message.TrimEnd('.');

    /// <summary>The <c>init</c> command line for a file, with the key option it cannot run without.</summary>
    private static string InitCommand(string file) => $"'dotnet kms-encrypt init {file} --key-id ID' (or '--local NAME' for a local key)";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    // Arguments.
    public static string OptionEmpty(string option, string example) => $"{option} is empty; give it a value such as {example}, or leave the option out.";

    public static string KeyIdInvalid(string option, string keyId) =>
        $"{option} '{keyId}' is not a key id; pass a KMS key ARN, a key id, alias/NAME, or local:NAME for a local key.";

    public static string LocalKeyIdInvalid(string option, string keyId) =>
        $"{option} '{keyId}' does not name a valid local key; after 'local:' use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.";

    public static string KeyIdDiffersFromSection(string file, string sectionKeyId, string keyId) =>
        $"--key-id '{keyId}' differs from the key '{sectionKeyId}' in the KmsConfig section of '{file}', which the application decrypts with, so the value would never load; " +
        $"drop --key-id, or move the whole file to the other key with 'dotnet kms-encrypt rotate {file} --to-key-id {keyId}'.";

    public static string EndpointNotHttp(string endpoint) => $"--endpoint-url '{endpoint}' is not an http or https URL; pass it like http://127.0.0.1:5000 or https://kms.eu-west-1.amazonaws.com.";

    public static string RegionInvalid(string source, string region) => $"{source} '{region}' is not an AWS region name; use one such as eu-west-1 or us-east-1.";

    public static string RegionMissing(string keyId) =>
        $"No AWS region is set for key '{keyId}': set AWS_REGION, pass --region (for example --region eu-west-1), use a --profile that names a region, or give the key as an ARN, which names its region.";

    public static string ContextKeyBlank(string token) => $"--context '{token}' has no key before '='; write --context KEY=VALUE, for example --context app=orders.";

    public static string ContextKeysCollide(string key, string otherKey) =>
        $"--context gives '{key}' and '{otherKey}', which the application's configuration reads as one key (configuration keys ignore case); give each key once.";

    public static string KmsTimedOut(string? file, IReadOnlyList<string> keyPaths, string keyId, TimeSpan timeout, bool decrypting)
    {
        var where = file is null ? string.Empty : $" in '{file}'";
        var paths = keyPaths.Count == 0
            ? "the values"
            : keyPaths.Count <= 3 ? string.Join(", ", keyPaths.Select(p => "'" + p + "'")) : string.Join(", ", keyPaths.Take(3).Select(p => "'" + p + "'")) + $" and {keyPaths.Count - 3} more";
        return $"Could not {(decrypting ? "decrypt" : "encrypt")} {paths}{where} with key '{keyId}': KMS did not answer within {timeout.TotalSeconds:0.#} s; " +
            "check --endpoint-url (or AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL), the region and the network, then run the command again; no file was changed.";
    }

    public static string UnknownVerb(string? token) =>
        $"{(token is null ? "The first argument (not repeated here, in case it is a secret)" : $"'{token}'")} is not a dotnet kms-encrypt command; the commands are set, file, value, decrypt, rotate, check, policy and init.";

    public static string LocalKeyFileOpen(string keyId, string keyFile) =>
        $"Warning: the key file '{keyFile}' of the local key '{keyId}' can be read or written by other users; make it yours only with 'chmod 600 {keyFile}'.";

    public static string PathEmpty(string name) => $"{name} is empty; name a settings file such as appsettings.json.";

    // File safety.

    public static string LinkTargetMissing(string link, string target) =>
        $"'{link}' is a symbolic link to '{target}', which does not exist; create '{target}', or point the link at an existing file.";

    public static string FileBusy(string file, TimeSpan waited) =>
        $"Another 'dotnet kms-encrypt' run has been editing '{file}' for more than {(int)waited.TotalSeconds} seconds; nothing was written. Let it finish (or end it), then run the command again.";

    public const string WriteInterrupted = "the write was stopped by a signal";

    public static string CannotLock(string file, string problem) =>
        $"Could not lock '{file}' against other 'dotnet kms-encrypt' runs: {problem}; nothing was written. Run the command again.";
}
