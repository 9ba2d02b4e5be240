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
                Messages.EncryptFailed(file, values.Select(v => v.Key).ToList(), keyId, CauseOf(ex), Messages.EncryptFix(ex.Reason, keyId)),
                ex);
        }
    }

    /// <summary>
    /// Encrypts the values of several files under one data key (one <c>GenerateDataKey</c>) where it can.
    /// </summary>
    /// <remarks>
    /// <see cref="SettingsEncryptor"/> takes each key path once per data key, so when two files hold a value at the same
    /// key path (<c>appsettings.json</c> and <c>appsettings.Production.json</c> both with <c>ConnectionStrings:Default</c>),
    /// the second one goes to a second data key: the values need as many data keys as the most files sharing one key path.
    /// </remarks>
    /// <param name="options">The key provider options.</param>
    /// <param name="files">The files written, for messages (one file: named as <see cref="EncryptAsync"/> names it).</param>
    /// <param name="keyId">The key all files share.</param>
    /// <param name="encryptionContext">The context all files share.</param>
    /// <param name="values">Each value's label for messages (<c>file: key path</c> for several files), key path and plaintext.</param>
    /// <param name="cancellationToken">Cancels the key provider requests.</param>
    /// <returns>The <c>kms:v1:</c> strings in the order of <paramref name="values"/>, and the number of data keys made.</returns>
    /// <exception cref="ToolException">The key provider refused or could not be reached.</exception>
    public static async Task<(string[] Encrypted, int DataKeys)> EncryptAcrossFilesAsync(
        KeyProviderOptions options,
        IReadOnlyList<string> files,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext,
        IReadOnlyList<(string Label, string KeyPath, string Plaintext)> values,
        CancellationToken cancellationToken)
    {
        // Round n holds every key path's n-th occurrence, so no round names a key path twice.
        var occurrences = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rounds = new List<List<int>>();
        for (var i = 0; i < values.Count; i++)
        {
            occurrences.TryGetValue(values[i].KeyPath, out var round);
            occurrences[values[i].KeyPath] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(i);
        }

        var encrypted = new string[values.Count];
        var encryptor = new SettingsEncryptor(options);
        foreach (var round in rounds)
        {
            try
            {
                var result = await encryptor.EncryptAsync(
                    keyId,
                    encryptionContext,
                    round.Select(i => new KeyValuePair<string, string>(values[i].KeyPath, values[i].Plaintext)),
                    cancellationToken).ConfigureAwait(false);
                for (var j = 0; j < round.Count; j++)
                {
                    encrypted[round[j]] = result[j].Value;
                }
            }
            catch (KmsConfigurationException ex)
            {
                throw new ToolException(
                    KmsEncryptCommand.ExitCodeOf(ex.Reason),
                    Messages.EncryptFailed(files.Count == 1 ? files[0] : null, values.Select(v => v.Label).ToList(), keyId, CauseOf(ex), Messages.EncryptFix(ex.Reason, keyId)),
                    ex);
            }
        }

        return (encrypted, rounds.Count);
    }

    /// <summary>
    /// The cause alone ("the key is disabled"): the tool names the key itself and gives its own advice, so neither is
    /// said twice. The library's whole message is the fallback.
    /// </summary>
    private static string CauseOf(KmsConfigurationException ex) => ex.Cause ?? ex.Message;
}
