using KmsConfig.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Test = KmsConfig.Analyzers.Tests.Infrastructure.KmsAnalyzerTest<KmsConfig.Analyzers.Rules.EncryptedFileLoadedAsPlainJsonAnalyzer>;

namespace KmsConfig.Analyzers.Tests.Rules;

public sealed class EncryptedFileLoadedAsPlainJsonAnalyzerTests
{
    private static Task RunAsync(string body, string fileName, params DiagnosticResult[] expected)
        => new Test()
            .WithSource(Sources.InMain(body) + Sources.KmsConfigApi)
            .WithSettings("appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }""")
            .WithSettings(fileName, Sources.EncryptedSettingsJson)
            .Expect(expected)
            .RunAsync();

    [Fact]
    public Task AddJsonFile_OfEncryptedFile_IsReported()
        => RunAsync(
            """{|#0:new ConfigurationBuilder().AddJsonFile("config/appsettings.Production.json", optional: true)|};""",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "AddJsonFile"));

    [Theory]
    [InlineData("$\"appsettings.{env}.json\"")]
    [InlineData("$\"config/appsettings.{env.ToLowerInvariant()}.json\"")]
    [InlineData("\"appsettings.\" + env + \".json\"")]
    [InlineData("System.IO.Path.Combine(System.AppContext.BaseDirectory, \"appsettings.Production.json\")")]
    [InlineData("System.IO.Path.Combine(System.AppContext.BaseDirectory, \"config\", \"prod\", \"settings\", $\"appsettings.{env}.json\")")]
    [InlineData("System.IO.Directory.GetCurrentDirectory() + \"/appsettings.Production.json\"")]
    [InlineData("$\"{System.AppContext.BaseDirectory}appsettings.{env}.json\"")]
    public Task AddJsonFile_OfComputedPathNamingEncryptedFile_IsReported(string path)
        => RunAsync(
            "var env = args[0]; {|#0:new ConfigurationBuilder().AddJsonFile(" + path + ", optional: true)|};",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "AddJsonFile"));

    [Theory]
    [InlineData("$\"{env}.json\"")]
    [InlineData("$\"config/{env}\"")]
    [InlineData("$\"secrets.{env}.json\"")]
    [InlineData("System.IO.Path.Combine(args[1], env)")]
    [InlineData("env")]
    public Task AddJsonFile_OfComputedPathNotNamingEncryptedFile_IsNotReported(string path)
        => RunAsync("var env = args[0]; new ConfigurationBuilder().AddJsonFile(" + path + ", optional: true);", "appsettings.Production.json");

    [Fact]
    public Task AddJsonFile_OfComputedPath_FollowedByAddKmsEncryptedJsonOfTheSamePattern_IsNotReported()
        => RunAsync(
            """var env = args[0]; new ConfigurationBuilder().AddJsonFile($"appsettings.{env}.json", optional: true).AddKmsEncryptedJson($"appsettings.{env}.json", optional: true);""",
            "appsettings.Production.json");

    [Fact]
    public Task HostBuilder_WithAddKmsEncryptedJsonOfAnotherComputedFile_IsReported()
        => RunAsync(
            """var builder = {|#0:Host.CreateApplicationBuilder(args)|}; builder.Configuration.AddKmsEncryptedJson($"secrets.{builder.Environment.EnvironmentName}.json", optional: true);""",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "Host.CreateApplicationBuilder"));

    [Fact]
    public Task HostBuilder_WithAddKmsEncryptedJsonOfAVariablePath_IsNotReported()
        => RunAsync(
            """var builder = Host.CreateApplicationBuilder(args); var path = args[0]; builder.Configuration.AddKmsEncryptedJson(path, optional: true);""",
            "appsettings.Production.json");

    [Fact]
    public Task AddJsonFile_OfPlainFile_IsNotReported()
        => RunAsync("""new ConfigurationBuilder().AddJsonFile("appsettings.json");""", "appsettings.Production.json");

    [Fact]
    public Task AddJsonFile_FollowedByAddKmsEncryptedJson_IsNotReported()
        => RunAsync(
            """new ConfigurationBuilder().AddJsonFile("appsettings.Production.json").AddKmsEncryptedJson("appsettings.Production.json");""",
            "appsettings.Production.json");

    [Fact]
    public Task AddKmsEncryptedJson_Only_IsNotReported()
        => RunAsync("""new ConfigurationBuilder().AddKmsEncryptedJson("appsettings.Production.json", optional: true);""", "appsettings.Production.json");

    [Fact]
    public Task HostBuilder_ImplicitlyLoadingEncryptedEnvironmentFile_IsReported()
        => RunAsync(
            """var builder = {|#0:Host.CreateApplicationBuilder(args)|};""",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "Host.CreateApplicationBuilder"));

    // The message names the file only, so two settings files of one name (config/appsettings.Production.json added with
    // KmsConfigSettings="true" beside the project's own) are one finding on the call, not two identical ones.
    [Fact]
    public Task HostBuilder_TwoEncryptedFilesOfOneName_AreReportedOnce()
        => new Test()
            .WithSource(Sources.InMain("""var builder = {|#0:Host.CreateApplicationBuilder(args)|}; {|#1:new ConfigurationBuilder().AddJsonFile("appsettings.Production.json")|};""") + Sources.KmsConfigApi)
            .WithSettings("appsettings.Production.json", Sources.EncryptedSettingsJson)
            .WithSettings("config/appsettings.Production.json", Sources.EncryptedSettingsJson)
            .Expect(
                Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "Host.CreateApplicationBuilder"),
                Test.Diagnostic("KMS1006").WithLocation(1).WithArguments("appsettings.Production.json", "AddJsonFile"))
            .RunAsync();

    // appsettings.Secrets.json is read by the host only in an environment named "Secrets"; the code that loads it by name
    // is where it is read, and is reported there once. A built-in environment's file stays reported on the host too.
    [Fact]
    public Task HostBuilder_OfAFileTheCodeLoadsByNameOutsideTheBuiltInEnvironments_IsReportedOnlyAtThatLoad()
        => RunAsync(
            """var builder = Host.CreateApplicationBuilder(args); {|#0:builder.Configuration.AddJsonFile("appsettings.Secrets.json", optional: true)|};""",
            "appsettings.Secrets.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Secrets.json", "AddJsonFile"));

    [Fact]
    public Task HostBuilder_OfACustomEnvironmentFileTheCodeDoesNotLoad_IsReported()
        => RunAsync(
            """var builder = {|#0:Host.CreateApplicationBuilder(args)|};""",
            "appsettings.QA.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.QA.json", "Host.CreateApplicationBuilder"));

    [Fact]
    public Task HostBuilder_WithAddKmsEncryptedJsonOfTheFile_IsNotReported()
        => RunAsync(
            """var builder = Host.CreateApplicationBuilder(args); builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", optional: true, reloadOnChange: true);""",
            "appsettings.Production.json");

    [Fact]
    public Task HostBuilder_WithoutEncryptedFiles_IsNotReported()
        => new Test()
            .WithSource(Sources.Usings + "public static class Program { public static void Main(string[] args) { Host.CreateDefaultBuilder(args); new ConfigurationBuilder().AddJsonFile(\"appsettings.json\"); } }")
            .WithSettings("appsettings.json", """{ "Smtp": { "Host": "smtp" } }""")
            .RunAsync();

    [Fact]
    public Task HostBuilder_WithComputedAddKmsEncryptedJsonPath_IsNotReported()
        => RunAsync(
            """var builder = Host.CreateApplicationBuilder(args); builder.Configuration.AddKmsEncryptedJson($"appsettings.{builder.Environment.EnvironmentName}.json", optional: true);""",
            "appsettings.Production.json");

    [Fact]
    public Task HostBuilder_WithAddKmsDecryption_IsNotReported()
        => RunAsync("""var builder = Host.CreateApplicationBuilder(args); builder.Configuration.AddKmsDecryption();""", "appsettings.Production.json");

    [Fact]
    public Task AddJsonFile_FollowedByAddKmsDecryption_IsNotReported()
        => RunAsync("""new ConfigurationBuilder().AddJsonFile("appsettings.Production.json").AddKmsDecryption();""", "appsettings.Production.json");

    [Fact]
    public Task AddKmsDecryption_BeforeAddJsonFile_DoesNotCoverIt()
        => RunAsync(
            """var b = new ConfigurationBuilder(); b.AddKmsDecryption(); {|#0:b.AddJsonFile("appsettings.Production.json")|};""",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0));

    [Fact]
    public Task WebApplicationBuilder_ImplicitlyLoadingEncryptedFile_IsReported()
        => RunAsync(
            """var builder = {|#0:Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args)|}; var app = builder.Build();""",
            "appsettings.Production.json",
            Test.Diagnostic("KMS1006").WithLocation(0).WithArguments("appsettings.Production.json", "WebApplication.CreateBuilder"));

    [Fact]
    public Task WebApplicationBuilder_WithAddKmsEncryptedJson_IsNotReported()
        => RunAsync(
            """var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", optional: true, reloadOnChange: true);""",
            "appsettings.Production.json");
}
