using System.Text.Json;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>
/// A settings file of <see cref="Count"/> 32-byte <c>kms:v1:</c> values under one data key (as one tool run writes them),
/// as the parsed key/value pairs the decryptor takes and as the JSON bytes a provider loads.
/// </summary>
internal sealed class LoadPathData
{
    public LoadPathData(CryptoFixture fixture, int count)
    {
        Count = count;
        Values = Enumerable.Range(0, count)
            .Select(i => $"Secrets:S{i:D5}")
            .Select(path => new KeyValuePair<string, string?>(path, fixture.Encrypt(path, CryptoFixture.Plaintext(32)).Format()))
            .ToArray();

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("KmsConfig");
            json.WriteString("KeyId", fixture.WrappedKey.KeyId);
            json.WriteStartObject("EncryptionContext");
            foreach (var (key, value) in CryptoFixture.Context)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("Secrets");
            foreach (var (path, value) in Values)
            {
                json.WriteString(path["Secrets:".Length..], value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        Json = buffer.ToArray();
    }

    public int Count { get; }

    /// <summary>Configuration key path and <c>kms:v1:</c> value, as the JSON parser hands them to the decryptor.</summary>
    public KeyValuePair<string, string?>[] Values { get; }

    /// <summary>The whole file.</summary>
    public byte[] Json { get; }
}
