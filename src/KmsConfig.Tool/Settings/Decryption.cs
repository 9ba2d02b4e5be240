using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Settings;

/// <summary>Decrypts a file's values with the core library, under the encryption context of the file's own section.</summary>
internal static class Decryption
{
    /// <summary>Lists the file's <c>kms:</c> string values (outside the <c>KmsConfig</c> section), in file order.</summary>
    public static IReadOnlyList<FileValue> EncryptedValuesOf(SettingsFile file) =>
        file.Editor.Values()
            .Where(v => EncryptedValues.IsEncrypted(v.Text) && !SecretPaths.IsInSection(v.KeyPath))
            .ToList();

    /// <summary>
    /// Decrypts <paramref name="values"/>; each distinct data key is unwrapped once. With <paramref name="anyRecordedKey"/>
    /// each value may be under any key it records, not only the file's <c>KeyId</c>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> DecryptAsync(
        SettingsFile file,
        IEnumerable<FileValue> values,
        KeyProviderSettings keyProviders,
        bool anyRecordedKey,
        CancellationToken cancellationToken)
    {
        var encrypted = values.Where(v => EncryptedValues.IsEncrypted(v.Text)).ToList();
        if (encrypted.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var settings = new DecryptionSettings
        {
            FilePath = file.Path,
            // rotate moves values to the file's key: they may still be under the key the file named before an edit.
            KeyId = anyRecordedKey ? null : file.Section.KeyId,
            EncryptionContext = file.Section.EncryptionContext,

            // A command-line run lives for seconds; caching plaintext keys across it buys nothing.
            UseDataKeyCache = false,
            Timeout = keyProviders.Timeout,
        };
        var recordedKeyIds = encrypted.Select(v => EncryptedValues.GetKeyId(v.Text)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var keyId = file.Section.KeyId ?? recordedKeyIds.FirstOrDefault();
        foreach (var localKeyId in recordedKeyIds.Prepend(file.Section.KeyId))
        {
            keyProviders.WarnIfLocalKeyFileIsOpen(localKeyId);
        }

        var decryptor = new SettingsDecryptor(keyProviders.OptionsFor(keyId));
        using var deadline = new KmsDeadline(keyProviders.Timeout, cancellationToken);
        IReadOnlyDictionary<string, string?> result;
        try
        {
            result = await decryptor.DecryptAsync(encrypted.Select(v => new KeyValuePair<string, string?>(v.KeyPath, v.Text)), settings, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (deadline.Explains(ex))
        {
            throw new ToolException(
                ExitCodes.KeyFailure,
                Messages.KmsTimedOut(file.Path, encrypted.Select(v => v.KeyPath).ToList(), keyId ?? "the file's key", keyProviders.Timeout, decrypting: true),
                ex);
        }

        return result.ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Names the keys that wrapped the values, for messages: <c>'alias/x'</c> or <c>'a', 'b'</c>.</summary>
    public static string DescribeKeys(IEnumerable<FileValue> values, SettingsFile file)
    {
        var keys = values
            .Select(v => EncryptedValues.GetKeyId(v.Text) ?? file.Section.KeyId)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(k => "'" + k + "'")
            .ToList();
        return keys.Count == 0 ? "the file's key" : string.Join(", ", keys);
    }

    /// <summary>Counts the distinct data keys among <paramref name="values"/> (raw KMS values count one each).</summary>
    public static int CountDataKeys(IEnumerable<FileValue> values) =>
        values.Select(v => EncryptedValues.GetDataKeyFingerprint(v.Text) ?? v.Text).Distinct(StringComparer.Ordinal).Count();
}
