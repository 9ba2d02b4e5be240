using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>The configuration types the rules look for, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        IConfiguration = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        IConfigurationSection = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfigurationSection");
        ConfigurationBinder = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationBinder");
        ConfigurationExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationExtensions");
        OptionsBuilderConfigurationExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.OptionsBuilderConfigurationExtensions");
        OptionsConfigurationServiceCollectionExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.OptionsConfigurationServiceCollectionExtensions");
        ConfigurationKeyNameAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute");
        JsonConfigurationExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.JsonConfigurationExtensions");
        KmsEncryptedJsonConfigurationExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.KmsEncryptedJsonConfigurationExtensions");
        MemoryConfigurationBuilderExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions");
        Host = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.Host");
        WebApplication = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.WebApplication");
        WebHost = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.WebHost");
    }

    public INamedTypeSymbol? IConfiguration { get; }

    public INamedTypeSymbol? IConfigurationSection { get; }

    public INamedTypeSymbol? ConfigurationBinder { get; }

    public INamedTypeSymbol? ConfigurationExtensions { get; }

    public INamedTypeSymbol? OptionsBuilderConfigurationExtensions { get; }

    public INamedTypeSymbol? OptionsConfigurationServiceCollectionExtensions { get; }

    public INamedTypeSymbol? ConfigurationKeyNameAttribute { get; }

    public INamedTypeSymbol? JsonConfigurationExtensions { get; }

    public INamedTypeSymbol? KmsEncryptedJsonConfigurationExtensions { get; }

    public INamedTypeSymbol? MemoryConfigurationBuilderExtensions { get; }

    public INamedTypeSymbol? Host { get; }

    public INamedTypeSymbol? WebApplication { get; }

    public INamedTypeSymbol? WebHost { get; }

    public static KnownTypes Resolve(Compilation compilation) => new KnownTypes(compilation);

    /// <summary>Whether <paramref name="type"/> is or implements <c>IConfiguration</c>.</summary>
    public bool IsConfiguration(ITypeSymbol? type) => Implements(type, IConfiguration);

    /// <summary>Whether <paramref name="type"/> is or implements <c>IConfigurationSection</c>.</summary>
    public bool IsConfigurationSection(ITypeSymbol? type) => Implements(type, IConfigurationSection);

    public static bool Is(ISymbol? symbol, INamedTypeSymbol? type)
        => type is not null && symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, type);

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (type is null || target is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, target))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, target))
            {
                return true;
            }
        }

        return false;
    }
}
