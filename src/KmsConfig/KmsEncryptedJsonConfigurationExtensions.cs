using KmsConfig;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Configuration;

/// <summary>Extension methods for adding KMS-encrypted JSON files to an <see cref="IConfigurationBuilder"/>.</summary>
/// <remarks>
/// <para>
/// <c>WebApplication.CreateBuilder</c>, <c>Host.CreateApplicationBuilder</c> and <c>Host.CreateDefaultBuilder</c> already
/// add <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> as plain JSON sources. When the builder holds a
/// plain <see cref="JsonConfigurationSource"/> (that exact type) for the same physical file, <c>AddKmsEncryptedJson</c>
/// removes it and puts the decrypting source in its place. The application then never sees the file's ciphertext or
/// its <c>KmsConfig</c> section, not even after a reload that keeps the last good values, and the file keeps its
/// precedence: environment variables and the command line, added after it by the host, still override its values.
/// </para>
/// <para>
/// The decrypting source takes the settings of this call (<c>optional</c>, <c>reloadOnChange</c>), not those of the
/// source it replaces. Sources inside <c>AddKmsDecryption()</c> are not searched: call <c>AddKmsDecryption()</c> last.
/// </para>
/// </remarks>
public static class KmsEncryptedJsonConfigurationExtensions
{
    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <remarks>Replaces, in its place, a plain JSON source of the same file that the host builder added; see <see cref="KmsEncryptedJsonConfigurationExtensions"/>.</remarks>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional: false, reloadOnChange: false);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <remarks>Replaces, in its place, a plain JSON source of the same file that the host builder added; see <see cref="KmsEncryptedJsonConfigurationExtensions"/>.</remarks>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether the file may be missing. A file that is present must always decrypt.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional, reloadOnChange: false);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <remarks>Replaces, in its place, a plain JSON source of the same file that the host builder added; see <see cref="KmsEncryptedJsonConfigurationExtensions"/>.</remarks>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">Path relative to the base path stored in <see cref="IConfigurationBuilder.Properties"/> of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether the file may be missing. A file that is present must always decrypt.</param>
    /// <param name="reloadOnChange">Whether the configuration is reloaded when the file changes; a failed reload keeps the last good values.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional, bool reloadOnChange) =>
        AddKmsEncryptedJson(builder, provider: null, path, optional, reloadOnChange);

    /// <summary>Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load.</summary>
    /// <remarks>Replaces, in its place, a plain JSON source of the same file that the host builder added; see <see cref="KmsEncryptedJsonConfigurationExtensions"/>.</remarks>
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
    /// <remarks>Replaces, in its place, a plain JSON source of the same file that the host builder added; see <see cref="KmsEncryptedJsonConfigurationExtensions"/>.</remarks>
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

    /// <summary>
    /// Adds a JSON configuration source whose <c>kms:</c> values are decrypted at load. A plain JSON source of the same
    /// file that the host builder added earlier is replaced, in its place (see <see cref="KmsEncryptedJsonConfigurationExtensions"/>).
    /// </summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="configureSource">Configures the source: path, optional, reload, KMS client and the other options.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/>.</returns>
    public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, Action<KmsEncryptedJsonConfigurationSource>? configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var source = new KmsEncryptedJsonConfigurationSource();
        configureSource?.Invoke(source);
        return AddInPlaceOfPlainSource(builder, source);
    }

    /// <summary>Adds <paramref name="source"/> where the builder reads the same file as plain JSON, else last.</summary>
    private static IConfigurationBuilder AddInPlaceOfPlainSource(IConfigurationBuilder builder, KmsEncryptedJsonConfigurationSource source)
    {
        var file = FileSourcePaths.FullPathOf(source, builder);
        var sources = builder.Sources;
        var position = -1;
        for (var i = sources.Count - 1; file is not null && i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource plain
                && plain.GetType() == typeof(JsonConfigurationSource)
                && FileSourcePaths.Comparer.Equals(FileSourcePaths.FullPathOf(plain, builder), file))
            {
                // A ConfigurationManager reloads on every change: remove first, so that if our load then fails, the
                // plain source's ciphertext is already gone from the application's configuration.
                sources.RemoveAt(i);
                position = position < 0 ? i : position - 1;
            }
        }

        if (position < 0)
        {
            return builder.Add(source);
        }

        sources.Insert(position, source);
        return builder;
    }
}
