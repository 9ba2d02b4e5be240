using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsConfig.Benchmarks.Startup;

/// <summary>Settings files with <see cref="Secrets"/> encrypted values, spread over <see cref="Files"/> files, written to a temporary folder.</summary>
internal sealed class StartupDataSet
{
    public const string SectionName = "Secrets";

    private StartupDataSet(string layout, int secrets, string[] paths, Dictionary<string, string> expected, int dataKeys, int rawRequests)
    {
        Layout = layout;
        Secrets = secrets;
        Paths = paths;
        Expected = expected;
        DataKeys = dataKeys;
        RawRequests = rawRequests;
    }

    /// <summary>How the values were written: one of <see cref="DataLayout"/>.</summary>
    public string Layout { get; }

    public int Secrets { get; }

    public int Files => Paths.Length;

    public string[] Paths { get; }

    /// <summary>Configuration key path to plaintext, to check that the load really decrypted.</summary>
    public Dictionary<string, string> Expected { get; }

    /// <summary>
    /// Distinct wrapped data keys over all files (the wrapped-key part of each <c>kms:v1:</c> value, counted in the
    /// files as written): what a cold load must unwrap, one KMS request each, since the data-key cache is process-wide.
    /// </summary>
    public int DataKeys { get; }

    /// <summary>Distinct <c>kms:raw:</c> values per file, summed over the files: raw values are deduplicated within a file's load.</summary>
    public int RawRequests { get; }

    public static string KeyPath(int index) => $"{SectionName}:S{index:D4}";

    public static string Plaintext(int index) => $"Server=db{index};Database=orders;User Id=app;Password=pw-{index:D4}-{Guid.NewGuid():N}";

    /// <summary>
    /// <c>kms:v1:</c> values written the way <paramref name="layout"/> says: all in one <see cref="SettingsEncryptor.EncryptAsync"/>
    /// call (one data key, however many files), one call per file, or one call per value (one data key each).
    /// </summary>
    public static async Task<StartupDataSet> EnvelopeAsync(string folder, string layout, SettingsEncryptor encryptor, string keyArn, IReadOnlyDictionary<string, string> context, int secrets, int files)
    {
        var plaintexts = Enumerable.Range(0, secrets).ToDictionary(KeyPath, Plaintext);

        // Each group is one run of the tool: one EncryptAsync call, one GenerateDataKey, one data key.
        IEnumerable<IEnumerable<KeyValuePair<string, string>>> runs = layout switch
        {
            DataLayout.OneRun => [plaintexts],
            DataLayout.RunPerFile => plaintexts.Select((pair, i) => (pair, i)).GroupBy(p => FileOf(p.i, files), p => p.pair),
            DataLayout.SetPerValue => plaintexts.Select(pair => new[] { pair }),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Not an envelope layout."),
        };
        var encrypted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var (path, value) in await encryptor.EncryptAsync(keyArn, context, run))
            {
                encrypted[path] = value;
            }
        }

        var values = plaintexts.Keys.Select(path => new KeyValuePair<string, string>(path, encrypted[path])).ToList();
        return Write(folder, layout, keyArn, context, values, plaintexts, files);
    }

    /// <summary>
    /// Raw KMS ciphertext per value (<c>aws kms encrypt</c>), under the file's context. Every tenth value repeats the
    /// ciphertext of the value three places before it (the same secret under two keys, in the same file for one or
    /// three files), so the load's deduplication is exercised: 100 values are 90 distinct ciphertexts.
    /// </summary>
    public static StartupDataSet Raw(string folder, string keyArn, IReadOnlyDictionary<string, string> context, IReadOnlyList<(string Plaintext, string Value)> rawValues, int secrets, int files)
    {
        var plaintexts = new Dictionary<string, string>();
        var values = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < secrets; i++)
        {
            var source = IsDuplicate(i) ? i - 3 : i;
            plaintexts[KeyPath(i)] = rawValues[source].Plaintext;
            values.Add(new(KeyPath(i), rawValues[source].Value));
        }

        return Write(folder, DataLayout.Raw, keyArn, context, values, plaintexts, files);
    }

    /// <summary>Whether raw value <paramref name="index"/> repeats an earlier one (see <see cref="Raw"/>).</summary>
    public static bool IsDuplicate(int index) => index % 10 == 9;

    /// <summary>Encrypts each plaintext with KMS Encrypt, as the seed material and hand-written providers do.</summary>
    public static async Task<List<(string Plaintext, string Value)>> EncryptRawAsync(IAmazonKeyManagementService kms, string keyArn, IReadOnlyDictionary<string, string> context, int count)
    {
        var result = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var plaintext = Plaintext(i);
            if (IsDuplicate(i))
            {
                result.Add((plaintext, string.Empty)); // never used: Raw copies an earlier value here
                continue;
            }

            var response = await kms.EncryptAsync(new EncryptRequest
            {
                KeyId = keyArn,
                Plaintext = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(plaintext)),
                EncryptionContext = new Dictionary<string, string>(context),
            });
            result.Add((plaintext, "kms:raw:" + Convert.ToBase64String(response.CiphertextBlob.ToArray())));
        }

        return result;
    }

    /// <summary>Round-robin, so each of several files holds about the same number of values.</summary>
    private static int FileOf(int index, int files) => index % files;

    private static StartupDataSet Write(
        string folder,
        string layout,
        string keyArn,
        IReadOnlyDictionary<string, string> context,
        IReadOnlyList<KeyValuePair<string, string>> values,
        Dictionary<string, string> plaintexts,
        int files)
    {
        var directory = Path.Combine(folder, $"{layout}-{values.Count}-{files}");
        Directory.CreateDirectory(directory);
        var paths = new string[files];
        var wrappedKeys = new HashSet<string>(StringComparer.Ordinal);
        var rawRequests = 0;
        for (var f = 0; f < files; f++)
        {
            paths[f] = Path.Combine(directory, $"appsettings.{f}.json");
            var inFile = values.Where((_, i) => FileOf(i, files) == f).ToList();
            rawRequests += inFile.Select(v => v.Value).Where(v => v.StartsWith("kms:raw:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count();
            foreach (var (_, value) in inFile)
            {
                // kms:v1:<wrapped data key>:<nonce>:<ciphertext> (docs/format.md)
                if (value.StartsWith("kms:v1:", StringComparison.Ordinal))
                {
                    wrappedKeys.Add(value.Split(':')[2]);
                }
            }

            using var stream = File.Create(paths[f]);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteStartObject("KmsConfig");
            json.WriteString("KeyId", keyArn);
            json.WriteStartObject("EncryptionContext");
            foreach (var (key, value) in context)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject(SectionName);
            foreach (var (path, value) in inFile)
            {
                json.WriteString(path[(SectionName.Length + 1)..], value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new StartupDataSet(layout, values.Count, paths, plaintexts, wrappedKeys.Count, rawRequests);
    }
}

/// <summary>How the values of a data set were written, which decides how many data keys a cold load unwraps.</summary>
internal static class DataLayout
{
    /// <summary>
    /// All values in one <c>SettingsEncryptor.EncryptAsync</c> call: one data key, however many files. For several files
    /// this is what one <c>file</c> or <c>rotate</c> run over all of them writes.
    /// </summary>
    public const string OneRun = "one-run";

    /// <summary>Each file written by its own tool run (<c>file</c> on each): one data key per file.</summary>
    public const string RunPerFile = "run-per-file";

    /// <summary>Each value added by its own <c>set</c>: one data key per value, until <c>rotate</c> folds them into one.</summary>
    public const string SetPerValue = "set-per-value";

    /// <summary><c>kms:raw:</c> values, one KMS ciphertext each.</summary>
    public const string Raw = "raw";

    public static string Label(string layout, int files) => layout switch
    {
        OneRun => files == 1 ? "one tool run" : "one run for all files",
        RunPerFile => "one tool run per file",
        SetPerValue => "one `set` per value",
        Raw => "`aws kms encrypt` per value",
        _ => layout,
    };
}
