using System.Text;

namespace KmsConfig.Benchmarks.Analyzer;

/// <summary>
/// A generated application for part 4: 500 C# files that bind options in every shape the analyzer knows, and 20
/// settings files of 200 keys. It references the analyzer as the package does (the DLL as an Analyzer item plus the
/// buildTransitive props and targets, like the analyzer tests' BindingApp fixture), switched by
/// <c>-p:KmsConfigBenchAnalyzer=true|false</c>, so one project is built both ways.
/// </summary>
internal static class GeneratedProject
{
    public const int SourceFiles = 500;
    public const int SettingsFiles = 20;
    public const int KeysPerSettingsFile = 200;
    private const int KeysPerSection = 5;

    public static string Write(string folder, string extensionsVersion)
    {
        Directory.CreateDirectory(folder);
        var project = Path.Combine(folder, "GeneratedApp.csproj");
        File.WriteAllText(project, $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <KmsConfigBenchAnalyzer Condition="'$(KmsConfigBenchAnalyzer)' == ''">true</KmsConfigBenchAnalyzer>
              </PropertyGroup>
              <Import Project="$(KmsConfigAnalyzerPackageDir)KmsConfig.Analyzers.props" Condition="'$(KmsConfigBenchAnalyzer)' == 'true'" />
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Configuration.Binder" Version="{{extensionsVersion}}" />
                <PackageReference Include="Microsoft.Extensions.Options.ConfigurationExtensions" Version="{{extensionsVersion}}" />
              </ItemGroup>
              <ItemGroup Condition="'$(KmsConfigBenchAnalyzer)' == 'true'">
                <Analyzer Include="$(KmsConfigAnalyzerPath)" />
              </ItemGroup>
              <Import Project="$(KmsConfigAnalyzerPackageDir)KmsConfig.Analyzers.targets" Condition="'$(KmsConfigBenchAnalyzer)' == 'true'" />
            </Project>
            """);

        foreach (var (name, text) in Sources().Concat(Settings()))
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return project;
    }

    /// <summary>The C# files: name and text.</summary>
    public static IEnumerable<(string Name, string Text)> Sources() =>
        Enumerable.Range(0, SourceFiles).Select(i => ($"Feature{i:D3}.cs", SourceFile(i)));

    /// <summary>The settings files: name and text. Encrypted values are new on every call.</summary>
    public static IEnumerable<(string Name, string Text)> Settings()
    {
        var fixture = new Crypto.CryptoFixture();
        var sectionsPerFile = KeysPerSettingsFile / KeysPerSection;
        for (var f = 0; f < SettingsFiles; f++)
        {
            var name = f == 0 ? "appsettings.json" : $"appsettings.Env{f:D2}.json";
            var text = new StringBuilder("{\n");
            for (var s = 0; s < sectionsPerFile; s++)
            {
                var feature = ((f * sectionsPerFile) + s) % SourceFiles;
                var section = $"Feature{feature:D3}";

                // Secrets are encrypted, except one plaintext password in every fourth file: a realistic few warnings.
                var password = f % 4 == 0 && s == 0 ? "\"correct-horse-battery-staple\"" : $"\"{fixture.Encrypt(section + ":Password", "x").Format()}\"";
                text.Append($$"""
                      "{{section}}": {
                        "Host": "{{section.ToLowerInvariant()}}.internal",
                        "Port": {{1000 + feature}},
                        "TimeoutSeconds": 30,
                        "ApiKey": "{{fixture.Encrypt(section + ":ApiKey", "k").Format()}}",
                        "Password": {{password}}
                      }{{(s == sectionsPerFile - 1 ? string.Empty : ",")}}

                    """);
            }

            yield return (name, text.Append("}\n").ToString());
        }
    }

    private static string SourceFile(int i) => $$"""
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        namespace GeneratedApp.Feature{{i:D3}};

        /// <summary>Bound from the Feature{{i:D3}} section.</summary>
        public sealed class Feature{{i:D3}}Options
        {
            public string Host { get; set; } = "";
            public int Port { get; set; }
            public int TimeoutSeconds { get; set; }
            public string ApiKey { get; set; } = "";
            public string Password { get; set; } = "";
        }

        public sealed class Feature{{i:D3}}Service(IOptions<Feature{{i:D3}}Options> options)
        {
            private readonly Feature{{i:D3}}Options _options = options.Value;

            public string Describe(IEnumerable<int> items)
            {
                var total = items.Where(x => x % 3 == 0).Select(x => x * {{i + 1}}).Sum();
                return $"{_options.Host}:{_options.Port} ({_options.TimeoutSeconds}s) -> {total}";
            }
        }

        public static class Feature{{i:D3}}Registration
        {
            public static IServiceCollection AddFeature{{i:D3}}(this IServiceCollection services, IConfiguration configuration)
            {
                services.Configure<Feature{{i:D3}}Options>(configuration.GetSection("Feature{{i:D3}}"));
                services.AddOptions<Feature{{i:D3}}Options>().BindConfiguration("Feature{{i:D3}}");
                var timeout = configuration.GetValue<int>("Feature{{i:D3}}:TimeoutSeconds");
                var apiKey = configuration["Feature{{i:D3}}:ApiKey"];
                var connectionString = configuration.GetConnectionString("Db{{i % 20}}");
                var bound = configuration.GetRequiredSection("Feature{{i:D3}}").Get<Feature{{i:D3}}Options>();
                services.AddSingleton(new Feature{{i:D3}}Service(Options.Create(bound ?? new Feature{{i:D3}}Options())));
                return timeout > 0 && apiKey is not null && connectionString is not null ? services : services;
            }
        }
        """;
}
