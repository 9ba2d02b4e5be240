using KmsConfig;

namespace Microsoft.Extensions.Configuration;

/// <summary>Extension methods for decrypting <c>kms:</c> values of any configuration source.</summary>
public static class KmsDecryptionConfigurationExtensions
{
    /// <summary>
    /// Decrypts the <c>kms:</c> values of every source added so far (environment variables, user secrets, command line,
    /// JSON files, ...). The sources move inside the returned decrypting source, in their order, so that the
    /// application never sees their ciphertext. Sources added afterwards are not decrypted: call this last.
    /// </summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> whose sources to decrypt.</param>
    /// <param name="configureSource">Sets the encryption context, KMS client, allowed keys and the other options.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsDecryption(this IConfigurationBuilder builder, Action<KmsDecryptionConfigurationSource>? configureSource = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var source = new KmsDecryptionConfigurationSource();
        configureSource?.Invoke(source);
        foreach (var existing in builder.Sources.ToList())
        {
            source.Sources.Add(existing);
        }

        builder.Sources.Clear();
        return builder.Add(source);
    }
}
