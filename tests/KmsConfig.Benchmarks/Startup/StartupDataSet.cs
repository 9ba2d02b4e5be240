using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsConfig.Benchmarks.Startup;

/// <summary>Settings files with <see cref="Secrets"/> encrypted values, spread over <see cref="Files"/> files, written to a temporary folder.</summary>
internal sealed class StartupDataSet
{
    public const string SectionName = "Secrets";

    private StartupDataSet(string kind, int secrets, string[] paths, Dictionary<string, string> expected)
    {
        Kind = kind;
        Secrets = secrets;
        Paths = paths;
        Expected = expected;
    }

    /// <summary><c>envelope</c> or <c>raw</c>.</summary>
    public string Kind { get; }

    public int Secrets { get; }

    public int Files => Paths.Length;

    public string[] Paths { get; }

    /// <summary>Configuration key path to plaintext, to check that the load really decrypted.</summary>
    public Dictionary<string, string> Expected { get; }

    public static string KeyPath(int index) => $"{SectionName}:S{index:D4}";

    public static string Plaintext(int index) => $"Server=db{index};Database=orders;User Id=app;Password=pw-{index:D4}-{Guid.NewGuid():N}";

    /// <summary>Values from one run of the tool: one data key for all of them, however many files.</summary>
    public static async Task<StartupDataSet> EnvelopeAsync(string folder, SettingsEncryptor encryptor, string keyArn, IReadOnlyDictionary<string, string> context, int secrets, int files)
    {
        var plaintexts = Enumerable.Range(0, secrets).ToDictionary(KeyPath, Plaintext);
        var encrypted = await encryptor.EncryptAsync(keyArn, context, plaintexts);
        return Write(folder, "envelope", keyArn, context, encrypted, plaintexts, files);
    }

    /// <summary>Raw KMS ciphertext per value (<c>aws kms encrypt</c>), under the file's context.</summary>
    public static StartupDataSet Raw(string folder, string keyArn, IReadOnlyDictionary<string, string> context, IReadOnlyList<(string Plaintext, string Value)> rawValues, int secrets, int files)
    {
        var plaintexts = new Dictionary<string, string>();
        var values = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < secrets; i++)
        {
            plaintexts[KeyPath(i)] = rawValues[i].Plaintext;
            values.Add(new(KeyPath(i), rawValues[i].Value));
        }

        return Write(folder, "raw", keyArn, context, values, plaintexts, files);
    }

    /// <summary>Encrypts each plaintext with KMS Encrypt, as the seed material and hand-written providers do.</summary>
    public static async Task<List<(string Plaintext, string Value)>> EncryptRawAsync(IAmazonKeyManagementService kms, string keyArn, IReadOnlyDictionary<string, string> context, int count)
    {
        var result = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var plaintext = Plaintext(i);
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

    private static StartupDataSet Write(
        string folder,
        string kind,
        string keyArn,
        IReadOnlyDictionary<string, string> context,
        IReadOnlyList<KeyValuePair<string, string>> values,
        Dictionary<string, string> plaintexts,
        int files)
    {
        var directory = Path.Combine(folder, $"{kind}-{values.Count}-{files}");
        Directory.CreateDirectory(directory);
        var paths = new string[files];
        for (var f = 0; f < files; f++)
        {
            paths[f] = Path.Combine(directory, $"appsettings.{f}.json");
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

            // Round-robin, so each file holds about a third of the values.
            for (var i = f; i < values.Count; i += files)
            {
                json.WriteString(values[i].Key[(SectionName.Length + 1)..], values[i].Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new StartupDataSet(kind, values.Count, paths, plaintexts);
    }
}
