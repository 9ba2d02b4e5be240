using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KmsConfig.Format;
using KmsConfig.KeyProviders;

namespace KmsConfig;

/// <summary>
/// Decrypts <c>kms:</c> settings values: each distinct data key is unwrapped once (in parallel, up to
/// <see cref="DecryptionSettings.MaxConcurrency"/>, through a process-wide cache), then every value is decrypted locally.
/// Values that do not start with <c>kms:</c> pass through unchanged.
/// </summary>
public sealed class SettingsDecryptor
{
    /// <summary>The encryption-context key that KmsConfig adds to every data key, so keys made for KmsConfig serve nothing else.</summary>
    internal const string PurposeContextKey = EncryptedValues.PurposeContextKey;

    internal const string PurposeContextValue = EncryptedValues.PurposeContextValue;

    private readonly KeyProviderResolver _keyProviders;

    /// <summary>Initializes a new instance of the <see cref="SettingsDecryptor"/> class.</summary>
    /// <param name="options">How key ids become key providers; <see langword="null"/> for the defaults.</param>
    public SettingsDecryptor(KeyProviderOptions? options = null)
        : this(new KeyProviderResolver(options))
    {
    }

    internal SettingsDecryptor(KeyProviderResolver keyProviders)
    {
        _keyProviders = keyProviders;
    }

    /// <summary>Decrypts every <c>kms:</c> value of <paramref name="values"/> (key path to value).</summary>
    /// <param name="values">Configuration key paths and their values, as <c>IConfiguration</c> sees them.</param>
    /// <param name="settings">The file, encryption context and limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the KMS requests.</param>
    /// <returns>Every key path with its plaintext value.</returns>
    /// <exception cref="KmsConfigurationException">A value could not be decrypted; the message names the file, key path and key.</exception>
    public async Task<IReadOnlyDictionary<string, string?>> DecryptAsync(
        IEnumerable<KeyValuePair<string, string?>> values,
        DecryptionSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = await DecryptWithStatisticsAsync(values, settings ?? new DecryptionSettings(), cancellationToken).ConfigureAwait(false);
        return result.Values;
    }

    /// <summary>
    /// Decrypts for a configuration provider: loading is synchronous, so the async KMS work runs off any
    /// synchronization context and the caller blocks on it.
    /// </summary>
    internal DecryptionResult Decrypt(IEnumerable<KeyValuePair<string, string?>> values, DecryptionSettings settings) =>
        Task.Run(() => DecryptWithStatisticsAsync(values, settings, CancellationToken.None)).GetAwaiter().GetResult();

    internal async Task<DecryptionResult> DecryptWithStatisticsAsync(
        IEnumerable<KeyValuePair<string, string?>> values,
        DecryptionSettings settings,
        CancellationToken cancellationToken)
    {
        var file = settings.FilePath;
        var output = new Dictionary<string, string?>(values.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.OrdinalIgnoreCase);
        var envelopeGroups = new Dictionary<string, List<(string Path, EncryptedValue Value)>>(StringComparer.Ordinal);
        var wrappedKeys = new WrappedKeyLookup();
        var rawGroups = new Dictionary<string, (byte[] Blob, List<string> Paths)>(StringComparer.Ordinal);

        // 1. Collect: parse every kms: value and group by data key (envelope) or by blob (raw).
        foreach (var (path, value) in values)
        {
            if (value is null || !value.StartsWith(EncryptedValue.AnyPrefix, StringComparison.Ordinal))
            {
                output[path] = value;
                continue;
            }

            if (value.StartsWith(EncryptedValue.RawPrefix, StringComparison.Ordinal))
            {
                var blob = RawKmsValue.TryParse(value, out var rawProblem)
                    ?? throw new KmsConfigurationException(KmsConfigurationErrorReason.MalformedValue, ErrorMessages.Malformed(file, path, rawProblem!), file, path, settings.KeyId);
                var blobKey = Convert.ToBase64String(blob);
                if (!rawGroups.TryGetValue(blobKey, out var raw))
                {
                    rawGroups[blobKey] = raw = (blob, []);
                }

                raw.Paths.Add(path);
                continue;
            }

            var parsed = EncryptedValue.TryParse(value, wrappedKeys, out var problem)
                ?? throw new KmsConfigurationException(KmsConfigurationErrorReason.MalformedValue, ErrorMessages.Malformed(file, path, problem!), file, path, settings.KeyId);
            if (!envelopeGroups.TryGetValue(parsed.WrappedKeyText, out var group))
            {
                envelopeGroups[parsed.WrappedKeyText] = group = [];
            }

            group.Add((path, parsed));
        }

        if (envelopeGroups.Count == 0 && rawGroups.Count == 0)
        {
            return new DecryptionResult(output, 0, 0, 0);
        }

        var envelopeContext = EnvelopeContext(settings.EncryptionContext, file);

        // 2. Refuse untrusted keys, and keys that are not the file's, before any request leaves the process.
        foreach (var group in envelopeGroups.Values)
        {
            var wrappedKey = group[0].Value.WrappedKey;
            if (!IsAllowed(wrappedKey.KeyId, settings.AllowedKeyIds))
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.KeyNotAllowed,
                    ErrorMessages.KeyNotAllowed(file, group[0].Path, group.Count - 1, wrappedKey.KeyId),
                    file,
                    group[0].Path,
                    wrappedKey.KeyId);
            }

            if (!MayBeWrappedBy(wrappedKey, settings.KeyId))
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.IncorrectKey,
                    ErrorMessages.WrongKey(file, group[0].Path, group.Count - 1, wrappedKey.KeyId, settings.KeyId!, byKms: false),
                    file,
                    group[0].Path,
                    wrappedKey.KeyId);
            }
        }

        if (rawGroups.Count > 0 && LocalKeys.IsLocalKeyId(settings.KeyId))
        {
            // Raw values are AWS KMS ciphertext: a file whose key is local cannot have produced them.
            var paths = rawGroups.Values.First().Paths;
            throw new KmsConfigurationException(
                KmsConfigurationErrorReason.IncorrectKey,
                ErrorMessages.RawValueUnderLocalKey(file, paths[0], rawGroups.Values.Sum(g => g.Paths.Count) - 1, settings.KeyId!),
                file,
                paths[0]);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.MaxConcurrency), CancellationToken = deadline.Token };
        var requests = 0;

        // 3. Unwrap each distinct data key once, then decrypt its values locally; results merge in file order below.
        var rawPlaintexts = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var envelopeResults = envelopeGroups.Values.ToDictionary(group => group, group => new string[group.Count]);
        await RunAsync(envelopeGroups.Values, parallel, settings, cancellationToken, async (group, token) =>
        {
            var first = group[0];
            var wrapped = first.Value.WrappedKey;
            var cacheKey = DataKeyCache.KeyFor(first.Value.WrappedKeyText, envelopeContext, KeyOnlyKmsCanCheck(settings.KeyId));
            var dataKey = settings.UseDataKeyCache ? DataKeyCache.TryGet(cacheKey) : null;
            try
            {
                if (dataKey is null)
                {
                    Interlocked.Increment(ref requests);
                    dataKey = await UnwrapAsync(wrapped, envelopeContext, group, settings, token).ConfigureAwait(false);
                    if (settings.UseDataKeyCache)
                    {
                        DataKeyCache.Add(cacheKey, dataKey);
                    }
                }

                using var aes = new AesGcm(dataKey, EncryptedValue.TagSize);
                var results = envelopeResults[group];
                for (var i = 0; i < group.Count; i++)
                {
                    var (path, value) = group[i];
                    try
                    {
                        results[i] = ValueCipher.Decrypt(aes, value, path);
                    }
                    catch (AuthenticationTagMismatchException ex)
                    {
                        throw new KmsConfigurationException(
                            KmsConfigurationErrorReason.IntegrityCheckFailed,
                            ErrorMessages.DecryptFailed(file, path, 0, wrapped.KeyId, "the value failed its integrity check", KmsConfigurationErrorReason.IntegrityCheckFailed),
                            file,
                            path,
                            wrapped.KeyId,
                            ex);
                    }
                }
            }
            finally
            {
                if (dataKey is not null)
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                }
            }
        }).ConfigureAwait(false);

        // 4. Raw KMS ciphertexts: one request per distinct blob, with the file's own context (no purpose pair).
        await RunAsync(rawGroups.Values, parallel, settings, cancellationToken, async (raw, token) =>
        {
            Interlocked.Increment(ref requests);
            var plaintext = await DecryptRawAsync(raw.Blob, raw.Paths, settings, token).ConfigureAwait(false);
            foreach (var path in raw.Paths)
            {
                rawPlaintexts[path] = plaintext;
            }
        }).ConfigureAwait(false);

        foreach (var (group, results) in envelopeResults)
        {
            for (var i = 0; i < group.Count; i++)
            {
                output[group[i].Path] = results[i];
            }
        }

        foreach (var (path, plaintext) in rawPlaintexts)
        {
            output[path] = plaintext;
        }

        var encryptedCount = envelopeGroups.Values.Sum(g => g.Count) + rawGroups.Values.Sum(g => g.Paths.Count);
        return new DecryptionResult(output, encryptedCount, envelopeGroups.Count, requests);
    }

    /// <summary>The user's pairs plus KmsConfig's purpose pair; the user may not set the purpose key themselves.</summary>
    internal static Dictionary<string, string> EnvelopeContext(IReadOnlyDictionary<string, string> userContext, string? file)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in userContext)
        {
            if (string.Equals(key, PurposeContextKey, StringComparison.OrdinalIgnoreCase))
            {
                throw new KmsConfigurationException(KmsConfigurationErrorReason.InvalidSettings, ErrorMessages.ReservedContextKey(file, key), file);
            }

            context[key] = value;
        }

        context[PurposeContextKey] = PurposeContextValue;
        return context;
    }

    /// <summary>
    /// Whether a data key wrapped by <paramref name="wrappedKey"/> can belong to a file whose key is <paramref name="fileKeyId"/>:
    /// any key when the file names none; a local key of the same name; a KMS key with the same key id (an alias only KMS
    /// can resolve, so it passes here and KMS, which is given the file's key, refuses another).
    /// </summary>
    internal static bool MayBeWrappedBy(WrappedDataKey wrappedKey, string? fileKeyId)
    {
        if (fileKeyId is null)
        {
            return true;
        }

        if (LocalKeys.IsLocalKeyId(fileKeyId))
        {
            return wrappedKey.Kind == KeyProviderKind.Local
                && string.Equals(LocalKeys.NameOf(wrappedKey.KeyId), LocalKeys.NameOf(fileKeyId), StringComparison.Ordinal);
        }

        if (wrappedKey.Kind != KeyProviderKind.AwsKms)
        {
            return false;
        }

        return KmsKeyIds.KeyIdOf(fileKeyId) is not { } fileKey
            || (string.Equals(KmsKeyIds.KeyIdOf(wrappedKey.KeyId), fileKey, StringComparison.OrdinalIgnoreCase)
                && (KmsKeyIds.AccountOf(fileKeyId) is not { } account || string.Equals(KmsKeyIds.AccountOf(wrappedKey.KeyId), account, StringComparison.Ordinal)));
    }

    /// <summary>
    /// The part of the file's key that only KMS can check, for the data-key cache key: an alias (or alias ARN). A key id or
    /// ARN was compared with the key the value records before the cache is asked, and a cached data key was unwrapped by
    /// KMS under that recorded key (or a stricter one), so it needs no entry of its own; an alias does, or a data key
    /// unwrapped without it (by a file with no KeyId, or another alias) would bypass KMS's check.
    /// </summary>
    internal static string? KeyOnlyKmsCanCheck(string? fileKeyId) =>
        fileKeyId is not null && !LocalKeys.IsLocalKeyId(fileKeyId) && KmsKeyIds.KeyIdOf(fileKeyId) is null ? fileKeyId : null;

    /// <summary>Matches a key id against the allow list: exact (case-insensitive), or a bare key id against an ARN's <c>key/&lt;id&gt;</c>.</summary>
    internal static bool IsAllowed(string keyId, IReadOnlyCollection<string> allowed)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, keyId, StringComparison.OrdinalIgnoreCase)
                || keyId.EndsWith(":key/" + candidate, StringComparison.OrdinalIgnoreCase)
                || candidate.EndsWith(":key/" + keyId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<byte[]> UnwrapAsync(
        WrappedDataKey wrapped,
        IReadOnlyDictionary<string, string> context,
        List<(string Path, EncryptedValue Value)> group,
        DecryptionSettings settings,
        CancellationToken cancellationToken)
    {
        // KMS refuses a blob wrapped by any other key than the one it is given: the file's key, when it names one.
        // (Local keys were compared by name before any unwrapping.)
        var keyId = wrapped.Kind == KeyProviderKind.AwsKms && settings.KeyId is { } fileKeyId ? fileKeyId : wrapped.KeyId;
        try
        {
            var decrypted = await _keyProviders.For(wrapped.Kind).DecryptAsync(keyId, wrapped.KeyId, wrapped.Blob, context, cancellationToken).ConfigureAwait(false);
            if (decrypted.Plaintext.Length != EncryptedValue.DataKeySize)
            {
                CryptographicOperations.ZeroMemory(decrypted.Plaintext);
                throw new KeyProviderException(KmsConfigurationErrorReason.MalformedValue, "the unwrapped data key is not 256 bits");
            }

            return decrypted.Plaintext;
        }
        catch (KeyProviderException ex)
        {
            throw new KmsConfigurationException(
                ex.Reason,
                ex.Reason == KmsConfigurationErrorReason.IncorrectKey && settings.KeyId is not null
                    ? ErrorMessages.WrongKey(settings.FilePath, group[0].Path, group.Count - 1, wrapped.KeyId, settings.KeyId, byKms: true)
                    : ErrorMessages.DecryptFailed(settings.FilePath, group[0].Path, group.Count - 1, wrapped.KeyId, ex.Message, ex.Reason),
                settings.FilePath,
                group[0].Path,
                wrapped.KeyId,
                ex.InnerException);
        }
    }

    private async Task<string> DecryptRawAsync(byte[] blob, List<string> paths, DecryptionSettings settings, CancellationToken cancellationToken)
    {
        // KMS refuses a raw ciphertext of any other key than the file's (a local file key was refused before).
        var keyId = settings.KeyId;
        try
        {
            var decrypted = await _keyProviders.For(KeyProviderKind.AwsKms).DecryptAsync(keyId, recordedKeyId: null, blob, settings.EncryptionContext, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!IsAllowed(decrypted.KeyId, settings.AllowedKeyIds))
                {
                    throw new KmsConfigurationException(
                        KmsConfigurationErrorReason.KeyNotAllowed,
                        ErrorMessages.KeyNotAllowed(settings.FilePath, paths[0], paths.Count - 1, decrypted.KeyId),
                        settings.FilePath,
                        paths[0],
                        decrypted.KeyId);
                }

                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decrypted.Plaintext);
            }
            catch (DecoderFallbackException)
            {
                // Not attached as the inner exception: its message quotes the plaintext bytes it could not translate.
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.MalformedValue,
                    ErrorMessages.Malformed(settings.FilePath, paths[0], "its KMS plaintext is not UTF-8 text"),
                    settings.FilePath,
                    paths[0],
                    decrypted.KeyId);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(decrypted.Plaintext);
            }
        }
        catch (KeyProviderException ex)
        {
            throw new KmsConfigurationException(
                ex.Reason,
                ex.Reason == KmsConfigurationErrorReason.IncorrectKey && keyId is not null
                    ? ErrorMessages.WrongKey(settings.FilePath, paths[0], paths.Count - 1, valueKeyId: null, keyId, byKms: true)
                    : ErrorMessages.DecryptFailed(settings.FilePath, paths[0], paths.Count - 1, keyId, ex.Message, ex.Reason),
                settings.FilePath,
                paths[0],
                keyId,
                ex.InnerException);
        }
    }

    /// <summary>Runs the work with bounded parallelism and turns the deadline into a KMS-unavailable error.</summary>
    private static async Task RunAsync<T>(
        IEnumerable<T> items,
        ParallelOptions parallel,
        DecryptionSettings settings,
        CancellationToken callerToken,
        Func<T, CancellationToken, ValueTask> body)
    {
        try
        {
            await Parallel.ForEachAsync(items, parallel, body).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw new KmsConfigurationException(
                KmsConfigurationErrorReason.KmsUnavailable,
                ErrorMessages.Timeout(settings.FilePath, settings.Timeout),
                settings.FilePath,
                innerException: ex);
        }
    }
}
