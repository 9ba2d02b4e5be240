using KmsConfig.KeyProviders;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// The key and encryption context that new values of a file are encrypted under, and what of the file's
/// <c>KmsConfig</c> section has to be written so the provider decrypts them with the same context.
/// </summary>
internal sealed record EncryptionTarget(string KeyId, IReadOnlyDictionary<string, string> EncryptionContext, bool WriteSection, bool WriteKeyId)
{
    /// <summary>
    /// Uses <c>--key-id</c> and <c>--context</c>, else the file's section. A <c>--key-id</c> or <c>--context</c> that
    /// differs from the section is refused: the provider decrypts with the section's key and context, so such values
    /// would never load (moving a file to another key is <c>rotate --to-key-id</c>, which re-encrypts every value).
    /// </summary>
    public static EncryptionTarget Resolve(SettingsFile file, string? keyIdOption, IReadOnlyDictionary<string, string> contextOption)
    {
        var section = file.Section;
        if (section.Exists)
        {
            if (contextOption.Count > 0 && !EncryptionContextPairs.AreEqual(contextOption, section.EncryptionContext))
            {
                throw new ToolException(ExitCodes.Usage, Messages.ContextDiffersFromSection(file.Path, EncryptionContextPairs.Describe(section.EncryptionContext)));
            }

            if (keyIdOption is not null && section.KeyId is not null && !NameSameKey(keyIdOption, section.KeyId))
            {
                throw new ToolException(ExitCodes.Usage, Messages.KeyIdDiffersFromSection(file.Path, section.KeyId, keyIdOption));
            }

            var keyId = keyIdOption ?? section.KeyId ?? throw new ToolException(ExitCodes.Usage, Messages.NoKeyInSection(file.Path));
            return new EncryptionTarget(keyId, section.EncryptionContext, WriteSection: false, WriteKeyId: section.KeyId is null);
        }

        var key = keyIdOption ?? throw new ToolException(ExitCodes.Usage, Messages.NoKey(file.Path));
        return new EncryptionTarget(key, contextOption, WriteSection: true, WriteKeyId: false);
    }

    /// <summary>
    /// Refuses files that would need different keys or encryption contexts: values under one data key share the key
    /// that wraps it and the context it was made under. Names the first two files that differ.
    /// </summary>
    /// <param name="files">Each file with the key and context its values would be encrypted under, in command-line order.</param>
    /// <param name="verb">The verb, for the advice.</param>
    public static void EnsureShared(IReadOnlyList<(SettingsFile File, string KeyId, IReadOnlyDictionary<string, string> EncryptionContext)> files, string verb)
    {
        for (var i = 1; i < files.Count; i++)
        {
            var (first, other) = (files[0], files[i]);
            if (!string.Equals(first.KeyId, other.KeyId, StringComparison.Ordinal))
            {
                throw new ToolException(ExitCodes.Usage, Messages.FilesNeedDifferentKeys(first.File.Path, first.KeyId, other.File.Path, other.KeyId, verb));
            }

            if (!EncryptionContextPairs.AreEqual(first.EncryptionContext, other.EncryptionContext))
            {
                throw new ToolException(
                    ExitCodes.Usage,
                    Messages.FilesNeedDifferentContexts(
                        first.File.Path,
                        EncryptionContextPairs.Describe(first.EncryptionContext),
                        other.File.Path,
                        EncryptionContextPairs.Describe(other.EncryptionContext),
                        verb));
            }
        }
    }

    /// <summary>
    /// Whether two key ids certainly name one key, as the provider compares them: the same text (the same alias), the
    /// same local key, or the same KMS key id in a key ARN and a bare id. An alias and a key ARN may name one key, but
    /// only KMS knows, so they count as different.
    /// </summary>
    internal static bool NameSameKey(string keyId, string otherKeyId)
    {
        var (a, b) = (keyId.Trim(), otherKeyId.Trim());
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        if (LocalKeys.IsLocalKeyId(a) || LocalKeys.IsLocalKeyId(b))
        {
            return LocalKeys.IsLocalKeyId(a) && LocalKeys.IsLocalKeyId(b) && string.Equals(LocalKeys.NameOf(a), LocalKeys.NameOf(b), StringComparison.Ordinal);
        }

        return KmsKeyIds.KeyIdOf(a) is { } keyA
            && KmsKeyIds.KeyIdOf(b) is { } keyB
            && string.Equals(keyA, keyB, StringComparison.OrdinalIgnoreCase)
            && (KmsKeyIds.AccountOf(a) is not { } accountA || KmsKeyIds.AccountOf(b) is not { } accountB || string.Equals(accountA, accountB, StringComparison.Ordinal));
    }

    /// <summary>Writes the section (or its missing <c>KeyId</c>) into the file, when it needs one.</summary>
    public void ApplyTo(SettingsFile file)
    {
        if (WriteSection)
        {
            file.Edit(editor => editor.Set(KmsSection.Name, KmsSection.Create(KeyId, EncryptionContext)));
        }
        else if (WriteKeyId)
        {
            file.Edit(editor => editor.SetString(KmsSection.KeyIdPath, KeyId));
        }
    }
}
