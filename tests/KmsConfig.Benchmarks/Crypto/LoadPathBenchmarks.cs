using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>
/// Part 2, per value through the whole load path with the data key already cached (no KMS request): the decryptor
/// (parse, group, decrypt, dictionary) and the configuration provider (JSON parse as well), for a 1000-value file.
/// Reported per value (OperationsPerInvoke = 1000).
/// </summary>
[MemoryDiagnoser]
public class LoadPathBenchmarks
{
    private const int Values = 1000;

    private KeyValuePair<string, string?>[] _values = null!;
    private byte[] _json = null!;
    private SettingsDecryptor _decryptor = null!;
    private DecryptionSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new CryptoFixture();
        fixture.FillDataKeyCache();
        _values = Enumerable.Range(0, Values)
            .Select(i => $"Secrets:S{i:D4}")
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
            foreach (var (path, value) in _values)
            {
                json.WriteString(path["Secrets:".Length..], value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        _json = buffer.ToArray();
        _decryptor = new SettingsDecryptor();
        _settings = new DecryptionSettings { FilePath = "appsettings.json", EncryptionContext = CryptoFixture.Context };
    }

    /// <summary><c>SettingsDecryptor</c> over 1000 values that share one (cached) data key.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public object Decryptor() => _decryptor.DecryptWithStatisticsAsync(_values, _settings, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The provider's <c>Load(Stream)</c> of a 1000-value file: runtime's JSON parser, then the decryptor.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public object ProviderLoad()
    {
        var provider = new KmsEncryptedJsonConfigurationProvider(new KmsEncryptedJsonConfigurationSource());
        provider.Load(new MemoryStream(_json, writable: false));
        return provider;
    }
}
