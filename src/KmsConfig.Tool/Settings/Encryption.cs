namespace KmsConfig.Tool.Settings;

/// <summary>
/// Encrypts values with the core library under one data key, and turns its failures into one sentence that names the
/// file, the key paths and the key, with the fix said once.
/// </summary>
internal static class Encryption
{
    /// <summary>Encrypts <paramref name="values"/> (key path to plaintext) for <paramref name="file"/> (<see langword="null"/> for <c>value</c>).</summary>
    /// <exception cref="ToolException">The key provider refused or could not be reached.</exception>
    public static async Task<Dictionary<string, string>> EncryptAsync(
        KeyProviderOptions options,
        string? file,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyList<KeyValuePair<string, string>> values,
        CancellationToken cancellationToken)
    {
        try
        {
            var encrypted = await new SettingsEncryptor(options).EncryptAsync(keyId, encryptionContext, values, cancellationToken).ConfigureAwait(false);
            return encrypted.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        }
        catch (KmsConfigurationException ex)
        {
            throw new ToolException(
                KmsEncryptCommand.ExitCodeOf(ex.Reason),
                Messages.EncryptFailed(file, values.Select(v => v.Key).ToList(), keyId, CauseOf(ex, keyId), Messages.EncryptFix(ex.Reason, keyId)),
                ex);
        }
    }

    /// <summary>
    /// Keeps the cause from the library's message ("Could not create a data key with key 'K': CAUSE. ADVICE."): the
    /// tool names the key itself and gives its own advice, so neither is said twice.
    /// </summary>
    private static string CauseOf(KmsConfigurationException ex, string keyId)
    {
        var cause = ex.Message;
        var prefix = $"Could not create a data key with key '{keyId}': ";
        if (cause.StartsWith(prefix, StringComparison.Ordinal))
        {
            cause = cause[prefix.Length..];
        }

        var end = cause.IndexOf(". ", StringComparison.Ordinal);
        return (end >= 0 ? cause[..end] : cause).TrimEnd('.', ' ');
    }
}
