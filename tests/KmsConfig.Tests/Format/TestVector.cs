using System.Text.RegularExpressions;
using KmsConfig.Format;
using KmsConfig.KeyProviders;
using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.Format;

/// <summary>One test vector of docs/format.md: fixed keys and nonces, and the exact value they must produce.</summary>
public sealed partial class TestVector
{
    private readonly Dictionary<string, string> _fields;

    private TestVector(Dictionary<string, string> fields)
    {
        _fields = fields;
    }

    public string Name => _fields["name"];

    public byte[] LocalKey => Convert.FromBase64String(_fields["local key (base64)"]);

    public string KeyId => _fields["key id"];

    public Dictionary<string, string> EncryptionContext => _fields["encryption context"] == "(none)"
        ? []
        : _fields["encryption context"].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public byte[] DataKey => Convert.FromHexString(_fields["data key (hex)"]);

    public byte[] WrapNonce => Convert.FromHexString(_fields["wrap nonce (hex)"]);

    public byte[] ValueNonce => Convert.FromHexString(_fields["value nonce (hex)"]);

    public string KeyPath => _fields["key path"];

    public string Plaintext => _fields["plaintext"];

    public string Value => _fields["value"];

    /// <summary>Reads every ```vector block of docs/format.md.</summary>
    public static IReadOnlyList<TestVector> ReadAll()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("docs/format.md"));
        return VectorBlock().Matches(text)
            .Select(m => new TestVector(m.Groups[1].Value
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(':', 2))
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim())))
            .ToList();
    }

    /// <summary>Encrypts with the vector's fixed key material and nonces, through the product's own code paths.</summary>
    public string Compute(string keyDirectory)
    {
        var name = LocalKeys.NameOf(KeyId);
        Directory.CreateDirectory(keyDirectory);
        File.WriteAllText(Path.Combine(keyDirectory, name + ".key"), Convert.ToBase64String(LocalKey));
        var provider = new LocalKeyProvider(keyDirectory);
        var context = SettingsDecryptor.EnvelopeContext(EncryptionContext, file: null);
        var blob = provider.Wrap(KeyId, DataKey, context, WrapNonce);
        var wrapped = new WrappedDataKey(KeyProviderKind.Local, LocalKeyProvider.CanonicalKeyId(KeyId), blob);
        var wrappedText = Base64Url.Encode(wrapped.ToBytes());
        return ValueCipher.Encrypt(DataKey, wrapped, wrappedText, ValueNonce, KeyPath, Plaintext).Format();
    }

    public override string ToString() => Name;

    [GeneratedRegex("```vector\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex VectorBlock();
}
