using Amazon.KeyManagementService;

namespace KmsConfig;

/// <summary>
/// How key ids become key providers: <c>local:&lt;name&gt;</c> uses a local key; anything else (a key ARN, key id or
/// <c>alias/...</c>) uses AWS KMS.
/// </summary>
public sealed class KeyProviderOptions
{
    /// <summary>
    /// Gets or sets the AWS KMS client. When <see langword="null"/>, <see cref="KmsClientFactory"/> is used; when that is
    /// also <see langword="null"/>, a client is created on first use from the standard AWS SDK environment (credential
    /// chain, <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>, <c>AWS_PROFILE</c>, and <c>AWS_ENDPOINT_URL_KMS</c> /
    /// <c>AWS_ENDPOINT_URL</c>). When the environment configures no region at all, that client uses the region of the key
    /// ARN the first value names (a ciphertext decrypts only in its key's region); with none to take, the load fails
    /// with <see cref="KmsConfigurationErrorReason.InvalidSettings"/>.
    /// </summary>
    public IAmazonKeyManagementService? KmsClient { get; set; }

    /// <summary>
    /// Gets or sets a factory for the AWS KMS client, called only if an AWS key is used. The client it returns is kept;
    /// if it throws, the next decryption calls it again.
    /// </summary>
    public Func<IAmazonKeyManagementService>? KmsClientFactory { get; set; }

    /// <summary>
    /// Gets or sets the directory that holds local key files. When <see langword="null"/>, <c>KMSCONFIG_LOCAL_KEY_DIR</c>
    /// or else <c>~/.kmsconfig/keys</c> is used. See <see cref="LocalKeys"/>.
    /// </summary>
    public string? LocalKeyDirectory { get; set; }
}
