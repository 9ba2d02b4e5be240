using KmsConfig.Analyzers.CodeFixes;
using KmsConfig.Analyzers.Rules;
using KmsConfig.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace KmsConfig.Analyzers.Tests.CodeFixes;

public sealed class UseAddKmsEncryptedJsonCodeFixProviderTests
{
    private static Test Create(string body, string fixedBody, bool withKmsApi = true)
    {
        var test = new Test { TestCode = Sources.InMain(body), FixedCode = Sources.InMain(fixedBody) };
        if (withKmsApi)
        {
            test.TestState.Sources.Add(Sources.KmsConfigApi);
            test.FixedState.Sources.Add(Sources.KmsConfigApi);
        }

        test.TestState.AdditionalFiles.Add(("/0/appsettings.Production.json", Sources.EncryptedSettingsJson));
        return test;
    }

    [Theory]
    [InlineData("""[|new ConfigurationBuilder().AddJsonFile("appsettings.Production.json")|];""", """new ConfigurationBuilder().AddKmsEncryptedJson("appsettings.Production.json");""")]
    [InlineData(
        """var env = args[0]; [|new ConfigurationBuilder().AddJsonFile("appsettings.json").AddJsonFile($"appsettings.{env}.json", optional: true, reloadOnChange: true)|].Build();""",
        """var env = args[0]; new ConfigurationBuilder().AddJsonFile("appsettings.json").AddKmsEncryptedJson($"appsettings.{env}.json", optional: true, reloadOnChange: true).Build();""")]
    [InlineData(
        """var b = new ConfigurationBuilder(); [|JsonConfigurationExtensions.AddJsonFile(b, path: "appsettings.Production.json", optional: true)|];""",
        """var b = new ConfigurationBuilder(); KmsEncryptedJsonConfigurationExtensions.AddKmsEncryptedJson(b, path: "appsettings.Production.json", optional: true);""")]
    [InlineData(
        """var b = new ConfigurationBuilder(); b?[|.AddJsonFile(null, "appsettings.Production.json", false, false)|];""",
        """var b = new ConfigurationBuilder(); b?.AddKmsEncryptedJson(null, "appsettings.Production.json", false, false);""")]
    public Task AddJsonFile_OfAnEncryptedFile_BecomesAddKmsEncryptedJson(string body, string fixedBody)
        => Create(body, fixedBody).RunAsync();

    // A chain over several lines is reported from the AddJsonFile name (not the chain's first line), and still fixed.
    [Fact]
    public Task MultiLineChain_IsReportedAtItsAddJsonFile_AndFixed()
        => Create(
            """
            var configuration = new ConfigurationBuilder()
                .AddJsonFile("appsettings.json")
                .[|AddJsonFile("appsettings.Production.json", optional: true)|]
                .Build();
            """,
            """
            var configuration = new ConfigurationBuilder()
                .AddJsonFile("appsettings.json")
                .AddKmsEncryptedJson("appsettings.Production.json", optional: true)
                .Build();
            """).RunAsync();

    [Fact]
    public Task WithoutKmsConfigReferenced_NoFixIsOffered()
    {
        const string body = """[|new ConfigurationBuilder().AddJsonFile("appsettings.Production.json")|];""";
        var test = Create(body, body, withKmsApi: false);
        return test.RunAsync();
    }

    [Fact]
    public Task HostBuilder_HasNoCallToChange_NoFixIsOffered()
    {
        const string body = """var builder = [|Host.CreateApplicationBuilder(args)|];""";
        var test = Create(body, body);

        // The host-builder diagnostic is reported at the compilation's end (non-local), which the IDE's light bulb does
        // not offer fixes for; the framework refuses to ask a fixer about one unless told to, and then finds no change.
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        return test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<EncryptedFileLoadedAsPlainJsonAnalyzer, UseAddKmsEncryptedJsonCodeFixProvider, DefaultVerifier>
    {
        public Test()
        {
            // The same references as the analyzer tests: no reference-assembly download at test time.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(KmsAnalyzerTest<EncryptedFileLoadedAsPlainJsonAnalyzer>.References);

            // KMS1006 has two descriptors (live on AddJsonFile, at the compilation's end on host builders): [|...|] is KMS1006.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
        }
    }
}
