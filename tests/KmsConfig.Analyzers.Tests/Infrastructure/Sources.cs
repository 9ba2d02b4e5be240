namespace KmsConfig.Analyzers.Tests.Infrastructure;

/// <summary>Common C# around the snippets the rule tests care about.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Options;

        """;

    /// <summary>A settings file with one <c>kms:v1:</c> value.</summary>
    public const string EncryptedSettingsJson = """{ "Db": { "Password": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" } }""";

    /// <summary>The KmsConfig runtime API, as the core library declares it (its overloads mirror AddJsonFile's).</summary>
    public const string KmsConfigApi = """
        namespace Microsoft.Extensions.Configuration
        {
            public static class KmsEncryptedJsonConfigurationExtensions
            {
                public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path) => builder;
                public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional) => builder;
                public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, string path, bool optional, bool reloadOnChange) => builder;
                public static IConfigurationBuilder AddKmsEncryptedJson(this IConfigurationBuilder builder, Microsoft.Extensions.FileProviders.IFileProvider? provider, string path, bool optional, bool reloadOnChange) => builder;
            }

            public static class KmsDecryptionConfigurationExtensions
            {
                public static IConfigurationBuilder AddKmsDecryption(this IConfigurationBuilder builder, System.Action<object>? configureSource = null) => builder;
            }
        }
        """;

    /// <summary>A <c>Program.Main(string[] args)</c> whose body is <paramref name="body"/>.</summary>
    public static string InMain(string body) => Usings + "public static class Program { public static void Main(string[] args) {\n" + body + "\n} }\n";

    /// <summary>A class with one method whose body is <paramref name="body"/>; config and services are parameters.</summary>
    public static string InMethod(string body, string types = "")
        => Usings + """
            public static partial class Startup
            {
                public static void Configure(IConfiguration config, IServiceCollection services)
                {
            """ + "\n" + body + """

                }
            }

            """ + types;
}
