using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

namespace KmsConfig;

/// <summary>
/// A JSON configuration provider that decrypts <c>kms:</c> values at load. A value that does not decrypt fails the load;
/// a failed reload keeps the last good values and reports the failure through <c>OnLoadException</c> and the logger.
/// </summary>
public sealed class KmsEncryptedJsonConfigurationProvider : JsonConfigurationProvider
{
    private readonly SettingsDecryptor _decryptor;
    private readonly KeyPathPattern[] _requiredEncrypted;

    // The last successfully decrypted data. Once set, Data is never left empty or half-decrypted again.
    private IDictionary<string, string?>? _lastGood;
    private int _vanishedReported;

    // A load's summary while no logger was given (a host's startup load comes before its logging): UseKmsConfigLogging
    // logs it when it connects, so the data-key count of the startup load is not lost.
    private LoadSummary? _unloggedSummary;

    /// <summary>Initializes a new instance of the <see cref="KmsEncryptedJsonConfigurationProvider"/> class.</summary>
    /// <param name="source">The source settings.</param>
    public KmsEncryptedJsonConfigurationProvider(KmsEncryptedJsonConfigurationSource source)
        : base(source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _decryptor = new SettingsDecryptor(new KeyProviderOptions
        {
            KmsClient = source.KmsClient,
            KmsClientFactory = KeyProviders.KmsClientFactory.ForConfigurationSource(source.KmsClientFactory),
            LocalKeyDirectory = source.LocalKeyDirectory,
        });
        _requiredEncrypted = source.RequiredEncryptedKeys.Select(p => new KeyPathPattern(p)).ToArray();
    }

    private KmsEncryptedJsonConfigurationSource KmsSource => (KmsEncryptedJsonConfigurationSource)Source;

    private string FileLabel => Source.Path ?? "(stream)";

    /// <summary>Loads the JSON data from a stream and decrypts its <c>kms:</c> values.</summary>
    /// <param name="stream">The stream to read.</param>
    public override void Load(Stream stream)
    {
        try
        {
            // Parse into a private dictionary: readers must never see ciphertext, even for a moment during a reload.
            var parsed = JsonParser.Parse(stream, ReopenFile);
            var decrypted = Decrypt(parsed);
            _lastGood = decrypted;
            Data = decrypted;
            Interlocked.Exchange(ref _vanishedReported, 0);
        }
        catch (Exception ex) when (_lastGood is not null)
        {
            Data = _lastGood;
            ReportReloadFailure(ex);
        }
        catch
        {
            // Fail closed: if OnLoadException ignores the error, the application sees no values from this file.
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            throw;
        }
    }

    // The runtime's parser closes the stream it reads: an error that needs a second look at the text reads the file again.
    private Stream? ReopenFile() =>
        Source.Path is { } path && Source.FileProvider?.GetFileInfo(path) is { Exists: true } file ? file.CreateReadStream() : null;

    /// <inheritdoc />
    public override bool TryGet(string key, out string? value)
    {
        KeepLastGoodWhenFileVanished();
        return base.TryGet(key, out value);
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        KeepLastGoodWhenFileVanished();
        return base.GetChildKeys(earlierKeys, parentPath);
    }

    private Dictionary<string, string?> Decrypt(Dictionary<string, string?> parsed)
    {
        var stopwatch = Stopwatch.StartNew();
        var file = FileLabel;
        var section = KmsConfigSection.Extract(parsed, file);
        var context = new Dictionary<string, string>(section.EncryptionContext, StringComparer.Ordinal);
        foreach (var (key, required) in KmsSource.RequiredEncryptionContext)
        {
            if (context.TryGetValue(key, out var actual) && !string.Equals(actual, required, StringComparison.Ordinal))
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.InvalidSettings,
                    ErrorMessages.RequiredContextConflict(file, key, required, actual),
                    file);
            }

            context[key] = required;
        }

        foreach (var (path, value) in parsed)
        {
            if (string.IsNullOrEmpty(value) || EncryptedValues.IsEncrypted(value))
            {
                continue;
            }

            if (FindRequiredEncrypted(path) is { } pattern)
            {
                throw new KmsConfigurationException(
                    KmsConfigurationErrorReason.PlaintextNotAllowed,
                    ErrorMessages.PlaintextNotAllowed(file, path, pattern.Pattern),
                    file,
                    path,
                    section.KeyId);
            }
        }

        var settings = new DecryptionSettings
        {
            FilePath = file,
            KeyId = section.KeyId,
            EncryptionContext = context,
            AllowedKeyIds = KmsSource.AllowedKeyIds.ToList(),
            MaxConcurrency = KmsSource.MaxConcurrency,
            Timeout = KmsSource.KmsTimeout,
            UseDataKeyCache = KmsSource.UseDataKeyCache,
        };

        // In place: the parsed dictionary becomes Data, with no second dictionary and nothing kept per value.
        var result = _decryptor.DecryptInPlace(parsed, settings);
        var summary = new LoadSummary(result.EncryptedValueCount, file, result.DataKeyCount, result.KeyProviderRequests, stopwatch.ElapsedMilliseconds);
        if (KmsSource.Logger is { } logger)
        {
            summary.Log(logger);
        }
        else
        {
            Volatile.Write(ref _unloggedSummary, summary);

            // UseKmsConfigLogging may have connected a logger meanwhile (a reload runs on the file watcher's thread).
            if (KmsSource.Logger is { } connected)
            {
                LogUnloggedSummary(connected);
            }
        }

        return result.Values;
    }

    /// <summary>Logs the summary of the last load if it happened before the source had a logger.</summary>
    internal void LogUnloggedSummary(ILogger logger)
    {
        // Exchanged, so that a summary is logged once even when a load and UseKmsConfigLogging race.
        Interlocked.Exchange(ref _unloggedSummary, null)?.Log(logger);
    }

    private sealed record LoadSummary(int ValueCount, string File, int DataKeyCount, int RequestCount, long ElapsedMilliseconds)
    {
        public void Log(ILogger logger) => logger.LogInformation(
            "Decrypted '{File}' in {ElapsedMilliseconds} ms (encrypted values: {ValueCount}, data keys: {DataKeyCount}, key provider requests: {RequestCount}).",
            File,
            ElapsedMilliseconds,
            ValueCount,
            DataKeyCount,
            RequestCount);
    }

    // A plain loop: this runs for every plaintext value of every load, and a lambda would capture the path each time.
    private KeyPathPattern? FindRequiredEncrypted(string path)
    {
        foreach (var pattern in _requiredEncrypted)
        {
            if (pattern.IsMatch(path))
            {
                return pattern;
            }
        }

        return null;
    }

    private void ReportReloadFailure(Exception exception)
    {
        KmsSource.Logger?.LogError(
            exception,
            "Reloading '{File}' failed; the application keeps the values of the last successful load.",
            FileLabel);

        if (Source.OnLoadException is { } handler)
        {
            var wrapped = new InvalidDataException($"Failed to reload configuration from file '{FileLabel}'; the last good values are kept.", exception);
            handler(new FileLoadExceptionContext { Provider = this, Exception = wrapped });
        }
    }

    // The file provider treats a file deleted during a reload as empty and clears Data without calling Load(Stream).
    // A running application must not lose its secrets to a deleted file, so the last good values come back on read.
    private void KeepLastGoodWhenFileVanished()
    {
        var lastGood = _lastGood;
        if (lastGood is null || ReferenceEquals(Data, lastGood))
        {
            return;
        }

        Data = lastGood;
        if (Interlocked.Exchange(ref _vanishedReported, 1) == 0)
        {
            KmsSource.Logger?.LogWarning(
                "'{File}' could not be read on reload; the application keeps the values of the last successful load.",
                FileLabel);
        }
    }

    /// <summary>Runtime's JSON parser, used without publishing its result in <see cref="ConfigurationProvider.Data"/>.</summary>
    private sealed class JsonParser : JsonConfigurationProvider
    {
        private JsonParser()
            : base(new JsonConfigurationSource())
        {
        }

        /// <param name="stream">The text to parse; closed when this returns.</param>
        /// <param name="reopen">Reads the same text again (where an error needs it), or returns <see langword="null"/>.</param>
        public static Dictionary<string, string?> Parse(Stream stream, Func<Stream?> reopen)
        {
            var parser = new JsonParser();
            try
            {
                parser.Load(stream);
            }
            catch (FormatException ex) when (ex.InnerException is JsonException json)
            {
                // The reader's message quotes the text where it stopped (an unquoted secret, say): keep only where.
                throw new FormatException(ErrorMessages.UnparsableJson(json.LineNumber, json.BytePositionInLine));
            }
            catch (InvalidOperationException ex) when (ex.GetType() == typeof(InvalidOperationException))
            {
                // System.Text.Json reads "\ud800" (half of a surrogate pair) as valid JSON, then cannot make it a string
                // and throws an InvalidOperationException that says neither where nor that the file is at fault. (Not a
                // subtype: an ObjectDisposedException is no such thing.)
                var (line, bytePosition) = FindUnreadableString(reopen);
                throw new FormatException(ErrorMessages.LoneSurrogateInJson(line, bytePosition));
            }

            // Runtime's parser builds a case-insensitive Dictionary; copy only if a future version does not.
            return parser.Data as Dictionary<string, string?> ?? new Dictionary<string, string?>(parser.Data, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The 0-based line and byte in that line of the first string that holds a lone surrogate escape.</summary>
        private static (long? Line, long? BytePosition) FindUnreadableString(Func<Stream?> reopen)
        {
            using var copy = new MemoryStream();
            try
            {
                using var stream = reopen();
                if (stream is null)
                {
                    return (null, null);
                }

                stream.CopyTo(copy);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or locked since it was read: the position stays unknown.
                return (null, null);
            }

            ReadOnlySpan<byte> bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
            bytes = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            try
            {
                while (reader.Read())
                {
                    if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !CanRead(ref reader))
                    {
                        var before = bytes[..(int)reader.TokenStartIndex];
                        return (before.Count((byte)'\n'), before.Length - (before.LastIndexOf((byte)'\n') + 1));
                    }
                }
            }
            catch (JsonException)
            {
                // Changed since it was read: the position stays unknown.
            }

            return (null, null);

            static bool CanRead(ref Utf8JsonReader reader)
            {
                try
                {
                    reader.GetString();
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }
        }
    }
}
