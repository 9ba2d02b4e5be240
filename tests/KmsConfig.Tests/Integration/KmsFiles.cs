using System.Text.Json;
using Amazon.KeyManagementService;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Integration;

/// <summary>Writes encrypted settings files for KMS-backed tests and loads them back through the provider.</summary>
internal static class KmsFiles
{
    public static async Task<Dictionary<string, string>> EncryptAsync(
        IAmazonKeyManagementService client,
        string keyId,
        IReadOnlyDictionary<string, string>? context,
        IEnumerable<KeyValuePair<string, string>> values)
    {
        var encrypted = await new SettingsEncryptor(new KeyProviderOptions { KmsClient = client }).EncryptAsync(keyId, context, values);
        return encrypted.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Writes a flat set of key paths as nested JSON objects (array indexes as object keys work for IConfiguration).</summary>
    public static void Write(string path, string? keyId, IReadOnlyDictionary<string, string>? context, IReadOnlyDictionary<string, string> values)
    {
        var root = new Dictionary<string, object>();
        if (keyId is not null || context is not null)
        {
            root["KmsConfig"] = new Dictionary<string, object?> { ["KeyId"] = keyId, ["EncryptionContext"] = context ?? new Dictionary<string, string>() };
        }

        foreach (var (keyPath, value) in values)
        {
            var node = root;
            var segments = keyPath.Split(':');
            foreach (var segment in segments[..^1])
            {
                if (!node.TryGetValue(segment, out var child))
                {
                    node[segment] = child = new Dictionary<string, object>();
                }

                node = (Dictionary<string, object>)child;
            }

            node[segments[^1]] = value;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static IConfigurationRoot Load(string directory, string fileName, IAmazonKeyManagementService client, Action<KmsEncryptedJsonConfigurationSource>? configure = null) =>
        new ConfigurationBuilder()
            .SetBasePath(directory)
            .AddKmsEncryptedJson(fileName, source =>
            {
                source.KmsClient = client;
                configure?.Invoke(source);
            })
            .Build();

    /// <summary>
    /// Loads a file that must fail, and checks the failure for leaks: the exception chain and the log lines hold none of
    /// <paramref name="plaintexts"/> and no part of any <c>kms:</c> value of the file.
    /// </summary>
    public static KmsConfigurationException LoadError(
        string directory,
        string fileName,
        IAmazonKeyManagementService client,
        Action<KmsEncryptedJsonConfigurationSource>? configure = null,
        IEnumerable<string>? plaintexts = null)
    {
        var logger = new CapturingLogger();
        var error = Assert.Throws<InvalidDataException>(() => Load(directory, fileName, client, source =>
        {
            source.Logger = logger;
            configure?.Invoke(source);
        }));
        LeakAssert.NoSecrets(LeakAssert.Describe(error) + logger.AllText, plaintexts ?? [], EncryptedValuesIn(Path.Combine(directory, fileName)));
        return Assert.IsType<KmsConfigurationException>(error.InnerException);
    }

    /// <summary>Every <c>kms:</c> string in a JSON file.</summary>
    public static IReadOnlyList<string> EncryptedValuesIn(string path)
    {
        var found = new List<string>();
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Collect(document.RootElement);
        return found;

        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Collect(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item);
                    }

                    break;
                case JsonValueKind.String when EncryptedValues.IsEncrypted(element.GetString()):
                    found.Add(element.GetString()!);
                    break;
            }
        }
    }
}
