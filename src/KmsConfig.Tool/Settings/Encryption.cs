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
        KeyProviderSettings settings,
        string? file,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyList<KeyValuePair<string, string>> values,
        CancellationToken cancellationToken)
    {
        var encrypted = await EncryptAcrossFilesAsync(
            settings,
            file is null ? [] : [file],
            keyId,
            encryptionContext,
            values.Select(v => (v.Key, v.Key, v.Value)).ToList(),
            cancellationToken).ConfigureAwait(false);
        return values.Select((v, i) => (v.Key, Value: encrypted[i])).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Encrypts the values of several files under one data key (one <c>GenerateDataKey</c>), also when files share key
    /// paths (<c>ConnectionStrings:Default</c> in <c>appsettings.json</c> and <c>appsettings.Production.json</c>).
    /// </summary>
    /// <param name="settings">The key provider settings of the run.</param>
    /// <param name="files">The files written, for messages (one file: named as <see cref="EncryptAsync"/> names it).</param>
    /// <param name="keyId">The key all files share.</param>
    /// <param name="encryptionContext">The context all files share.</param>
    /// <param name="values">Each value's label for messages (<c>file: key path</c> for several files), key path and plaintext.</param>
    /// <param name="cancellationToken">Cancels the key provider request.</param>
    /// <returns>The <c>kms:v1:</c> strings in the order of <paramref name="values"/>.</returns>
    /// <exception cref="ToolException">The key provider refused or could not be reached.</exception>
    public static async Task<string[]> EncryptAcrossFilesAsync(
        KeyProviderSettings settings,
        IReadOnlyList<string> files,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyList<(string Label, string KeyPath, string Plaintext)> values,
        CancellationToken cancellationToken)
    {
        settings.WarnIfLocalKeyFileIsOpen(keyId);
        using var deadline = new KmsDeadline(settings.Timeout, cancellationToken);
        try
        {
            var encrypted = await new SettingsEncryptor(settings.OptionsFor(keyId)).EncryptAsync(
                keyId,
                encryptionContext,
                values.Select(v => new KeyValuePair<string, string>(v.KeyPath, v.Plaintext)),
                deadline.Token).ConfigureAwait(false);
            return encrypted.Select(p => p.Value).ToArray();
        }
        catch (Exception ex) when (deadline.Explains(ex))
        {
            throw new ToolException(
                ExitCodes.KeyFailure,
                Messages.KmsTimedOut(files.Count == 1 ? files[0] : null, values.Select(v => v.Label).ToList(), keyId, settings.Timeout, decrypting: false),
                ex);
        }
        catch (KmsConfigurationException ex)
        {
            throw new ToolException(
                KmsEncryptCommand.ExitCodeOf(ex.Reason),
                Messages.EncryptFailed(files.Count == 1 ? files[0] : null, values.Select(v => v.Label).ToList(), keyId, CauseOf(ex), Messages.EncryptFix(ex.Reason, keyId, files.Count == 1 ? files[0] : null)),
                ex);
        }
    }

    /// <summary>
    /// The cause alone ("the key is disabled"): the tool names the key itself and gives its own advice, so neither is
    /// said twice. The library's whole message is the fallback.
    /// </summary>
    private static string CauseOf(KmsConfigurationException ex) => ex.Cause ?? ex.Message;
}
