using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using KmsConfig.Format;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>Part 2: the local cost of one value, once its data key is unwrapped (what runs per value at every startup).</summary>
[MemoryDiagnoser]
public class ValueDecryptBenchmarks
{
    private const string KeyPath = "ConnectionStrings:Default";

    private AesGcm _aes = null!;
    private EncryptedValue _value = null!;
    private string _text = null!;

    /// <summary>Plaintext size in bytes (ASCII).</summary>
    [Params(32, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new CryptoFixture();
        _value = fixture.Encrypt(KeyPath, CryptoFixture.Plaintext(Size));
        _text = _value.Format();
        _aes = new AesGcm(fixture.DataKey, EncryptedValue.TagSize);
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    /// <summary>AES-256-GCM decrypt of a parsed value, associated data (format, key id, path) included: <c>ValueCipher.Decrypt</c>.</summary>
    [Benchmark(Baseline = true)]
    public string Decrypt() => ValueCipher.Decrypt(_aes, _value, KeyPath);

    /// <summary>From the <c>kms:v1:</c> string: parse (three base64url parts, the wrapped key header) and decrypt.</summary>
    [Benchmark]
    public string ParseAndDecrypt() => ValueCipher.Decrypt(_aes, EncryptedValue.TryParse(_text, out _)!, KeyPath);
}
