using KmsConfig;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Configuration;

/// <summary>Extension methods for adding KMS-encrypted JSON files to an <see cref="IConfigurationBuilder"/>.</summary>
public static class KmsEncryptedJsonConfigurationExtensions
{
    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional: false, reloadOnChange: false);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether the file may be missing. A file that is present must always decrypt.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional, reloadOnChange: false);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether the file may be missing. A file that is present must always decrypt.</param>
    /// <param name="reloadOnChange">Whether the configuration is reloaded when the file changes; a failed reload keeps the last good values.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional, bool reloadOnChange) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional, reloadOnChange);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="provider">The <see cref="IFileProvider"/> to use to access the file.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether the file may be missing. A file that is present must always decrypt.</param>
    /// <param name="reloadOnChange">Whether the configuration is reloaded when the file changes; a failed reload keeps the last good values.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, IFileProvider? provider, string path, bool optional, bool reloadOnChange)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddKmsEncryptedJson(source =>
        {
            source.FileProvider = provider;
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load, configured by <paramref name="configureSource"/>.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="configureSource">Configures the KMS client, allowed keys, required context and the other options.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, Action<KmsEncryptedJsonConfigurationSource> configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(configureSource);
        return builder.AddKmsEncryptedJson(source =>
        {
            source.Path = path;
            configureSource(source);
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="configureSource">Configures the source: path, optional, reload, KMS client and the other options.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, Action<KmsEncryptedJsonConfigurationSource>? configureSource) =>
        builder.Add(configureSource);
}
