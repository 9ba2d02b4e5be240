namespace KmsConfig.Tool.Settings;

/// <summary>
/// The key and encryption context that new values of a file are encrypted under, and what of the file's
/// <c>KmsConfig</c> section has to be written so the provider decrypts them with the same context.
/// </summary>
internal sealed record EncryptionTarget(string KeyId, IReadOnlyDictionary<string, string> EncryptionContext, bool WriteSection, bool WriteKeyId)
{
    /// <summary>
    /// Uses <c>--key-id</c> and <c>--context</c>, else the file's section. A <c>--context</c> that differs from the
    /// section is refused: the provider decrypts with the section's context, so such values would never load.
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

            var keyId = keyIdOption ?? section.KeyId ?? throw new ToolException(ExitCodes.Usage, Messages.NoKeyInSection(file.Path));
            return new EncryptionTarget(keyId, section.EncryptionContext, WriteSection: false, WriteKeyId: section.KeyId is null);
        }

        var key = keyIdOption ?? throw new ToolException(ExitCodes.Usage, Messages.NoKey(file.Path));
        return new EncryptionTarget(key, contextOption, WriteSection: true, WriteKeyId: false);
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
