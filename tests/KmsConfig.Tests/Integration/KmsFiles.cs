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

    public static KmsConfigurationException LoadError(string directory, string fileName, IAmazonKeyManagementService client, Action<KmsEncryptedJsonConfigurationSource>? configure = null)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(directory, fileName, client, configure));
        return Assert.IsType<KmsConfigurationException>(error.InnerException);
    }
}
