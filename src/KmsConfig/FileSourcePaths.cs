using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace KmsConfig;

/// <summary>Finds the physical file that a file configuration source reads, so two sources of the same file can be told apart from two files.</summary>
internal static class FileSourcePaths
{
    /// <summary>Compares full paths the way the operating system's default file system does.</summary>
    public static StringComparer Comparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Returns the full path that <paramref name="source"/> reads, resolved as <see cref="FileConfigurationSource.EnsureDefaults"/>
    /// would resolve it when <paramref name="builder"/> builds it (the source's file provider, else the builder's), or
    /// <see langword="null"/> when the source has no path or its file provider has no physical files.
    /// </summary>
    public static string? FullPathOf(FileConfigurationSource source, IConfigurationBuilder builder)
    {
        if (string.IsNullOrEmpty(source.Path))
        {
            return null;
        }

        var provider = source.FileProvider;
        var created = false;
        if (provider is null)
        {
            provider = builder.GetFileProvider();

            // Without a base path the builder hands out a new provider each time; ours to dispose.
            created = !builder.Properties.Values.Any(value => ReferenceEquals(value, provider));
        }

        try
        {
            var path = provider is PhysicalFileProvider physical
                ? Path.Combine(physical.Root, source.Path.TrimStart('/', '\\'))
                : provider.GetFileInfo(source.Path).PhysicalPath;
            return string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);
        }
        finally
        {
            if (created)
            {
                (provider as IDisposable)?.Dispose();
            }
        }
    }
}
