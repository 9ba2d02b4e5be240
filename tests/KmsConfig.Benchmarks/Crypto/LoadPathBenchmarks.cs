using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>
/// Part 2, per value through the whole load path with the data key already cached (no KMS request), for a 1000-value
/// file, reported per value (OperationsPerInvoke = 1000): the decryptor alone (parse, group, decrypt, dictionary), the
/// provider's <c>Load(Stream)</c>, and the baseline: runtime's plain <c>JsonConfigurationProvider</c> loading the same
/// bytes, which leaves the values as ciphertext. Provider minus baseline is what KmsConfig adds to a JSON load.
/// </summary>
[MemoryDiagnoser]
public class LoadPathBenchmarks
{
    private const int Values = 1000;

    private LoadPathData _data = null!;
    private SettingsDecryptor _decryptor = null!;
    private DecryptionSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new CryptoFixture();
        fixture.FillDataKeyCache();
        _data = new LoadPathData(fixture, Values);
        _decryptor = new SettingsDecryptor();
        _settings = new DecryptionSettings { FilePath = "appsettings.json", EncryptionContext = CryptoFixture.Context };
    }

    /// <summary><c>SettingsDecryptor</c> over 1000 values that share one (cached) data key.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public object Decryptor() => _decryptor.DecryptWithStatisticsAsync(_data.Values, _settings, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The provider's <c>Load(Stream)</c> of a 1000-value file: runtime's JSON parser, then the decryptor.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public object ProviderLoad() => LoadKmsConfig(_data.Json);

    /// <summary>The baseline: runtime's <c>JsonConfigurationProvider.Load(Stream)</c> of the same file, values left as ciphertext.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public object JsonProviderLoad() => LoadPlainJson(_data.Json);

    internal static ConfigurationProvider LoadKmsConfig(byte[] json)
    {
        var provider = new KmsEncryptedJsonConfigurationProvider(new KmsEncryptedJsonConfigurationSource());
        provider.Load(new MemoryStream(json, writable: false));
        return provider;
    }

    internal static ConfigurationProvider LoadPlainJson(byte[] json)
    {
        var provider = new JsonConfigurationProvider(new JsonConfigurationSource());
        provider.Load(new MemoryStream(json, writable: false));
        return provider;
    }
}
