using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.TestSupport;

/// <summary>
/// A temp directory with its own local key directory and key, so tests never touch the user's profile
/// or process-wide environment variables.
/// </summary>
public sealed class LocalKeyEnvironment : IDisposable
{
    public const string KeyId = "local:test";

    private readonly TempDirectory _directory = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _plaintexts = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _ciphertexts = new();

    public LocalKeyEnvironment()
    {
        KeyDirectory = System.IO.Path.Combine(_directory.Path, "keys");
        LocalKeys.CreateKey("test", KeyDirectory);
        Options = new KeyProviderOptions { LocalKeyDirectory = KeyDirectory };
    }

    public string Path => _directory.Path;

    public string KeyDirectory { get; }

    public KeyProviderOptions Options { get; }

    public string File(string name) => _directory.File(name);

    /// <summary>Every plaintext encrypted through this environment, for leak assertions.</summary>
    public IReadOnlyCollection<string> Plaintexts => _plaintexts.ToArray();

    /// <summary>Every value encrypted through this environment, for leak assertions.</summary>
    public IReadOnlyCollection<string> Ciphertexts => _ciphertexts.ToArray();

    public async Task<Dictionary<string, string>> EncryptAsync(IReadOnlyDictionary<string, string>? context, params (string Path, string Plaintext)[] values)
    {
        var encrypted = await new SettingsEncryptor(Options).EncryptAsync(
            KeyId,
            context,
            values.Select(v => new KeyValuePair<string, string>(v.Path, v.Plaintext)));
        foreach (var (_, plaintext) in values)
        {
            _plaintexts.Enqueue(plaintext);
        }

        foreach (var (_, ciphertext) in encrypted)
        {
            _ciphertexts.Enqueue(ciphertext);
        }

        return encrypted.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    public IConfigurationRoot Load(string fileName, Action<KmsEncryptedJsonConfigurationSource>? configure = null) =>
        new ConfigurationBuilder()
            .SetBasePath(Path)
            .AddKmsEncryptedJson(fileName, source =>
            {
                source.LocalKeyDirectory = KeyDirectory;
                configure?.Invoke(source);
            })
            .Build();

    public void Dispose() => _directory.Dispose();
}
