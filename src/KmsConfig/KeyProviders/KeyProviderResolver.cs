using KmsConfig.Format;

namespace KmsConfig.KeyProviders;

/// <summary>Turns a key id or a wrapped key's kind into the key provider that serves it.</summary>
internal sealed class KeyProviderResolver
{
    private readonly IKeyProvider _aws;
    private readonly IKeyProvider _local;

    public KeyProviderResolver(KeyProviderOptions? options)
    {
        options ??= new KeyProviderOptions();
        var client = options.KmsClient;
        var factory = options.KmsClientFactory;
        _aws = new AwsKmsKeyProvider(
            client is not null ? _ => client
            : factory is not null ? _ => factory()
            : KmsClientFactory.CreateFromEnvironment);
        _local = new LocalKeyProvider(options.LocalKeyDirectory);
    }

    /// <summary>For tests: fakes behind the project's own interface.</summary>
    internal KeyProviderResolver(IKeyProvider aws, IKeyProvider local)
    {
        _aws = aws;
        _local = local;
    }

    public IKeyProvider ForKeyId(string keyId) => LocalKeys.IsLocalKeyId(keyId) ? _local : _aws;

    public IKeyProvider For(KeyProviderKind kind) => kind == KeyProviderKind.Local ? _local : _aws;
}
