using System.Diagnostics;
using System.Runtime.InteropServices;
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
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
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
    /// Decrypts for a configuration source: loading is synchronous, so the async KMS work runs off any
    /// synchronization context and the caller blocks on it.
    /// </summary>
    internal DecryptionResult Decrypt(IEnumerable<KeyValuePair<string, string?>> values, DecryptionSettings settings) =>
        Task.Run(() => DecryptWithStatisticsAsync(values, settings, CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Decrypts a parsed file in place, for the JSON provider (see <see cref="DecryptInPlaceAsync"/>); the caller blocks.</summary>
    internal DecryptionResult DecryptInPlace(Dictionary<string, string?> values, DecryptionSettings settings) =>
        Task.Run(() => DecryptInPlaceAsync(values, settings, CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Decrypts a copy of <paramref name="values"/>; the caller's values stay as they are.</summary>
    internal Task<DecryptionResult> DecryptWithStatisticsAsync(
        IEnumerable<KeyValuePair<string, string?>> values,
        DecryptionSettings settings,
        CancellationToken cancellationToken)
    {
        var copy = new Dictionary<string, string?>(values.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.OrdinalIgnoreCase);
        foreach (var (path, value) in values)
        {
            copy[path] = value;
        }

        return DecryptInPlaceAsync(copy, settings, cancellationToken);
    }

    /// <summary>
    /// Replaces every <c>kms:</c> value of <paramref name="values"/> by its plaintext. Nothing is kept per value between the
    /// steps: values are counted per data key, each data key is unwrapped once, then a second pass parses each value
    /// again (spans, no copies) and writes its plaintext into its own entry. Per value this allocates the plaintext
    /// string and nothing else (a test holds it to that). If it throws, <paramref name="values"/> is left half
    /// decrypted: callers give it a dictionary they discard on failure.
    /// </summary>
    internal async Task<DecryptionResult> DecryptInPlaceAsync(
        Dictionary<string, string?> values,
        DecryptionSettings settings,
        CancellationToken cancellationToken)
    {
        var file = settings.FilePath;
        var wrappedKeys = new WrappedKeyLookup();
        // Keyed by reference: the lookup hands out one string instance per distinct wrapped key, so a value's group is
        // found without hashing its few hundred characters of wrapped key (twice per value, at every startup).
        var envelopeGroups = new Dictionary<string, EnvelopeGroup>(ReferenceEqualityComparer.Instance);
        var rawGroups = new Dictionary<string, RawGroup>(StringComparer.Ordinal);
        var encryptedCount = 0;

        // 1. Collect: count kms:v1: values per wrapped data key, and group kms:raw: values by blob.
        foreach (var (path, value) in values)
        {
            if (value is null || !value.StartsWith(EncryptedValue.AnyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            encryptedCount++;
            if (value.StartsWith(EncryptedValue.RawPrefix, StringComparison.Ordinal))
            {
                var blob = RawKmsValue.TryParse(value, out var rawProblem)
                    ?? throw new KmsConfigurationException(KmsConfigurationErrorReason.MalformedValue, ErrorMessages.Malformed(file, path, rawProblem!), file, path, settings.KeyId);
                var blobKey = Convert.ToBase64String(blob);
                if (!rawGroups.TryGetValue(blobKey, out var raw))
                {
                    rawGroups[blobKey] = raw = new RawGroup(blob);
                }

                raw.Paths.Add(path);
                continue;
            }

            if (!EncryptedValue.TryParse(value, wrappedKeys, out var parts, out var problem))
            {
                throw new KmsConfigurationException(KmsConfigurationErrorReason.MalformedValue, ErrorMessages.Malformed(file, path, problem!), file, path, settings.KeyId);
            }

            if (!envelopeGroups.TryGetValue(parts.WrappedKeyText, out var group))
            {
                envelopeGroups[parts.WrappedKeyText] = group = new EnvelopeGroup(parts.WrappedKeyText, parts.WrappedKey, path);
            }

            group.Count++;
        }

        if (encryptedCount == 0)
        {
            return new DecryptionResult(values, 0, 0, 0);
        }

        var envelopeContext = EnvelopeContext(settings.EncryptionContext, file);

        // 2. Refuse untrusted keys, and keys that are not the file's, before any request leaves the process.
        foreach (var group in envelopeGroups.Values)
        {
            if (!IsAllowed(group.WrappedKey.KeyId, settings.AllowedKeyIds))
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.KeyNotAllowed,
                    ErrorMessages.KeyNotAllowed(file, group.FirstPath, group.Count - 1, group.WrappedKey.KeyId),
                    file,
                    group.FirstPath,
                    group.WrappedKey.KeyId);
            }

            if (!MayBeWrappedBy(group.WrappedKey, settings.KeyId))
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.IncorrectKey,
                    ErrorMessages.WrongKey(file, group.FirstPath, group.Count - 1, group.WrappedKey.KeyId, settings.KeyId!, byKms: false),
                    file,
                    group.FirstPath,
                    group.WrappedKey.KeyId);
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

        var requests = 0;
        try
        {
            // 3. Data keys from the cache where it has them; the rest, and raw ciphertexts, from the key providers, each
            // distinct one once, in parallel. A load served by the cache makes no request and starts no task.
            var requiredKeyId = KeyOnlyKmsCanCheck(settings.KeyId);
            List<EnvelopeGroup>? toUnwrap = null;
            foreach (var group in envelopeGroups.Values)
            {
                group.CacheKey = DataKeyCache.KeyFor(group.WrappedKeyText, envelopeContext, requiredKeyId);
                group.DataKey = settings.UseDataKeyCache ? DataKeyCache.TryGet(group.CacheKey) : null;
                if (group.DataKey is null)
                {
                    (toUnwrap ??= []).Add(group);
                }
            }

            if (toUnwrap is not null || rawGroups.Count > 0)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(settings.Timeout);
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.MaxConcurrency), CancellationToken = deadline.Token };
                if (toUnwrap is not null)
                {
                    await RunAsync(toUnwrap, parallel, settings, () => LateGroup(toUnwrap), cancellationToken, async (group, token) =>
                    {
                        Interlocked.Increment(ref requests);
                        group.DataKey = await UnwrapAsync(group, envelopeContext, settings, token).ConfigureAwait(false);
                        if (settings.UseDataKeyCache)
                        {
                            DataKeyCache.Add(group.CacheKey!, group.DataKey);
                        }
                    }).ConfigureAwait(false);
                }

                // Raw KMS ciphertexts: one request per distinct blob, with the file's own context (no purpose pair).
                if (rawGroups.Count > 0)
                {
                    await RunAsync(rawGroups.Values, parallel, settings, () => LateRaw(rawGroups.Values, settings.KeyId), cancellationToken, async (raw, token) =>
                    {
                        Interlocked.Increment(ref requests);
                        raw.Plaintext = await DecryptRawAsync(raw.Blob, raw.Paths, settings, token).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                }
            }

            // 4. Decrypt every kms:v1: value locally, into its own entry.
            if (envelopeGroups.Count > 0)
            {
                DecryptValues(values, wrappedKeys, envelopeGroups, file);
            }
        }
        finally
        {
            foreach (var group in envelopeGroups.Values)
            {
                group.Dispose();
            }
        }

        foreach (var raw in rawGroups.Values)
        {
            foreach (var path in raw.Paths)
            {
                CollectionsMarshal.GetValueRefOrNullRef(values, path) = raw.Plaintext;
            }
        }

        return new DecryptionResult(values, encryptedCount, envelopeGroups.Count, requests);
    }

    /// <summary>
    /// The second pass: parses each <c>kms:v1:</c> value again and overwrites its entry with the plaintext. Writing
    /// through <c>CollectionsMarshal.GetValueRefOrNullRef</c> changes a value without changing the dictionary, so
    /// the enumeration stays valid (and a plaintext that itself starts with <c>kms:</c> is never visited).
    /// </summary>
    private static void DecryptValues(Dictionary<string, string?> values, WrappedKeyLookup wrappedKeys, Dictionary<string, EnvelopeGroup> groups, string? file)
    {
        foreach (var (path, value) in values)
        {
            if (value is null || !value.StartsWith(EncryptedValue.V1Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parsed = EncryptedValue.TryParse(value, wrappedKeys, out var parts, out _);
            Debug.Assert(parsed, "Every kms:v1: value parsed in the first pass.");
            var group = groups[parts.WrappedKeyText];
            group.Cipher ??= new AesGcm(group.DataKey!, EncryptedValue.TagSize);
            string plaintext;
            try
            {
                plaintext = ValueCipher.Decrypt(group.Cipher, parts, path);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.IntegrityCheckFailed,
                    ErrorMessages.DecryptFailed(file, path, 0, group.WrappedKey.KeyId, "the value failed its integrity check", KmsConfigurationErrorReason.IntegrityCheckFailed),
                    file,
                    path,
                    group.WrappedKey.KeyId,
                    ex);
            }

            CollectionsMarshal.GetValueRefOrNullRef(values, path) = plaintext;
        }
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
        EnvelopeGroup group,
        IReadOnlyDictionary<string, string> context,
        DecryptionSettings settings,
        CancellationToken cancellationToken)
    {
        var wrapped = group.WrappedKey;
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
                    ? ErrorMessages.WrongKey(settings.FilePath, group.FirstPath, group.Count - 1, wrapped.KeyId, settings.KeyId, byKms: true)
                    : ErrorMessages.DecryptFailed(settings.FilePath, group.FirstPath, group.Count - 1, wrapped.KeyId, ex.Message, ex.Reason),
                settings.FilePath,
                group.FirstPath,
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

    // What a timeout names: the first data key, or raw value, still unanswered when the deadline passed.
    private static (string KeyPath, int Others, string? KeyId)? LateGroup(List<EnvelopeGroup> groups) =>
        groups.FirstOrDefault(g => g.DataKey is null) is { } late ? (late.FirstPath, late.Count - 1, late.WrappedKey.KeyId) : null;

    private static (string KeyPath, int Others, string? KeyId)? LateRaw(IEnumerable<RawGroup> raws, string? keyId) =>
        raws.FirstOrDefault(r => r.Plaintext is null) is { } late ? (late.Paths[0], 0, keyId) : null;

    /// <summary>
    /// Runs the work with bounded parallelism and turns the deadline into a KMS-unavailable error, which names the
    /// values and key of an item still unanswered when it passed (<paramref name="late"/>).
    /// </summary>
    private static async Task RunAsync<T>(
        IEnumerable<T> items,
        ParallelOptions parallel,
        DecryptionSettings settings,
        Func<(string KeyPath, int Others, string? KeyId)?> late,
        CancellationToken callerToken,
        Func<T, CancellationToken, ValueTask> body)
    {
        try
        {
            await Parallel.ForEachAsync(items, parallel, body).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            var (keyPath, others, keyId) = late() ?? (string.Empty, 0, settings.KeyId);
            throw new KmsConfigurationException(
                KmsConfigurationErrorReason.KmsUnavailable,
                ErrorMessages.Timeout(settings.FilePath, keyPath, others, keyId, settings.Timeout),
                settings.FilePath,
                keyPath.Length == 0 ? null : keyPath,
                keyId,
                ex);
        }
    }

    /// <summary>The <c>kms:v1:</c> values of one wrapped data key: counted, not listed, and the key once it is unwrapped.</summary>
    private sealed class EnvelopeGroup(string wrappedKeyText, WrappedDataKey wrappedKey, string firstPath) : IDisposable
    {
        public string WrappedKeyText { get; } = wrappedKeyText;

        public WrappedDataKey WrappedKey { get; } = wrappedKey;

        /// <summary>The first value's key path, which errors name (with the count of the others).</summary>
        public string FirstPath { get; } = firstPath;

        public int Count { get; set; }

        public string? CacheKey { get; set; }

        public byte[]? DataKey { get; set; }

        public AesGcm? Cipher { get; set; }

        /// <summary>Zeroes the unwrapped data key (the cache holds its own copy).</summary>
        public void Dispose()
        {
            Cipher?.Dispose();
            if (DataKey is not null)
            {
                CryptographicOperations.ZeroMemory(DataKey);
            }
        }
    }

    /// <summary>The paths that hold one <c>kms:raw:</c> ciphertext, and its plaintext once KMS decrypted it.</summary>
    private sealed class RawGroup(byte[] blob)
    {
        public byte[] Blob { get; } = blob;

        public List<string> Paths { get; } = [];

        public string? Plaintext { get; set; }
    }
}
