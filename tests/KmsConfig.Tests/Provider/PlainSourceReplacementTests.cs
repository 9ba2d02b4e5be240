using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace KmsConfig.Tests.Provider;

/// <summary>Which earlier sources <c>AddKmsEncryptedJson</c> replaces: plain JSON sources of the same physical file, and nothing else.</summary>
public sealed class PlainSourceReplacementTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AddKmsEncryptedJson_ReplacesThePlainSourceOfTheSameFile_InItsPlace()
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Production.json", optional: true)
            .AddInMemoryCollection();

        builder.AddKmsEncryptedJson("appsettings.Production.json", optional: true);

        Assert.Collection(
            builder.Sources,
            source => Assert.Equal("appsettings.json", Assert.IsType<JsonConfigurationSource>(source).Path),
            source => Assert.Equal("appsettings.Production.json", Assert.IsType<KmsEncryptedJsonConfigurationSource>(source).Path),
            source => Assert.IsType<Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource>(source));
    }

    [Fact]
    public void AddKmsEncryptedJson_MatchesByFullPath_WhicheverWayEachSourceNamesTheFile()
    {
        var nested = Directory.CreateDirectory(_directory.File("config")).FullName;
        var builder = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddJsonFile(Path.Combine(nested, "secrets.json"), optional: true)
            .AddJsonFile(new PhysicalFileProvider(nested), "secrets.json", optional: true, reloadOnChange: false)
            .AddJsonFile("config/other.json", optional: true);

        builder.AddKmsEncryptedJson("config/secrets.json", optional: true);

        Assert.Collection(
            builder.Sources,
            source => Assert.IsType<KmsEncryptedJsonConfigurationSource>(source),
            source => Assert.Equal("config/other.json", Assert.IsType<JsonConfigurationSource>(source).Path));
    }

    [Fact]
    public void AddKmsEncryptedJson_KeepsSourcesOfOtherFilesAndOtherTypes()
    {
        var elsewhere = Directory.CreateDirectory(_directory.File("elsewhere")).FullName;
        var builder = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddJsonFile(new PhysicalFileProvider(elsewhere), "appsettings.json", optional: true, reloadOnChange: false)
            .Add(new DerivedJsonSource { Path = "appsettings.json", Optional = true })
            .AddKmsEncryptedJson("first.json", optional: true);

        builder.AddKmsEncryptedJson("appsettings.json", optional: true);

        Assert.Collection(
            builder.Sources,
            source => Assert.IsType<JsonConfigurationSource>(source),
            source => Assert.IsType<DerivedJsonSource>(source),
            source => Assert.Equal("first.json", Assert.IsType<KmsEncryptedJsonConfigurationSource>(source).Path),
            source => Assert.Equal("appsettings.json", Assert.IsType<KmsEncryptedJsonConfigurationSource>(source).Path));
    }

    [Fact]
    public void AddKmsEncryptedJson_WhenTheFileWasAddedTwice_RemovesBoth_AndTakesTheLaterPlace()
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddJsonFile("appsettings.json", optional: true)
            .AddInMemoryCollection()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("KMSCONFIG_NONE_");

        builder.AddKmsEncryptedJson("appsettings.json", optional: true);

        Assert.Collection(
            builder.Sources,
            source => Assert.IsType<Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource>(source),
            source => Assert.IsType<KmsEncryptedJsonConfigurationSource>(source),
            source => Assert.IsType<Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource>(source));
    }

    private sealed class DerivedJsonSource : JsonConfigurationSource
    {
    }
}
