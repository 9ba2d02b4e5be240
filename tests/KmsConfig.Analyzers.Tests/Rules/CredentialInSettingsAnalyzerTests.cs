using KmsConfig.Analyzers.Tests.Infrastructure;
using Test = KmsConfig.Analyzers.Tests.Infrastructure.KmsAnalyzerTest<KmsConfig.Analyzers.Rules.CredentialInSettingsAnalyzer>;

namespace KmsConfig.Analyzers.Tests.Rules;

public sealed class CredentialInSettingsAnalyzerTests
{
    private static Task RunAsync(string json, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        => new Test().WithSource("class C { }").WithSettings("appsettings.Production.json", json).Expect(expected).RunAsync();

    [Fact]
    public Task PasswordInConnectionString_IsReportedAtValue()
        => RunAsync(
            """
            { "ConnectionStrings": { "Default": {|#0:"Server=db;Database=app;User Id=app;Password=Pa55w0rd!"|} } }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0).WithArguments("ConnectionStrings:Default", "appsettings.Production.json", "a password in a connection string"));

    [Fact]
    public Task CredentialsInUrl_AreReported()
        => RunAsync(
            """
            { "Messaging": { "Broker": {|#0:"amqp://orders:9Kx2mP4q@rabbit:5672/"|} } }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0));

    [Fact]
    public Task ProviderTokensAndKeys_AreReportedUnderAnyKey()
        => RunAsync(
            """
            {
              "Aws": { "Id": {|#0:"AKIAIOSFODNN7EXAMPLE"|} },
              "Signing": { "Material": {|#1:"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"|} },
              "Integrations": [ {|#2:"ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"|}, {|#3:"sk_live_51H8xYzAbCdEfGhIjKlMnOp"|} ]
            }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0),
            Test.Diagnostic("KMS1004").WithLocation(1),
            Test.Diagnostic("KMS1004").WithLocation(2),
            Test.Diagnostic("KMS1004").WithLocation(3));

    [Fact]
    public Task ConnectionStringsWithoutCredentials_AreNotReported()
        => RunAsync(
            """
            {
              "ConnectionStrings": {
                "Default": "Server=(localdb)\\mssqllocaldb;Database=Orders;Trusted_Connection=True",
                "Npgsql": "Host=db;Username=app;Password=${DB_PASSWORD}",
                "Empty": "Server=db;User Id=sa;Password=;",
                "Redis": "localhost:6379,abortConnect=false",
                "Rabbit": "amqp://guest:guest@localhost:5672",
                "RabbitAdmin": "amqp://admin:guest@localhost:5672",
                "ServiceBusEmulator": "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
                "Sql": "Server=db;User Id=app;Password=DB_PASSWORD",
                "Encrypted": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA"
              },
              "Stripe": { "PublishableKey": "pk_live_51H8xYzAbCdEfGhIjKlMnOp" },
              "Services": { "Orders": "https://orders.internal:8443/api?version=2" }
            }
            """);

    [Fact]
    public Task AccessKeysAndPasswordsWithDigitsOrMixedCase_AreReported()
        => RunAsync(
            """
            {
              "ConnectionStrings": {
                "ServiceBus": {|#0:"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=K3y+Value/Abc123="|},
                "Sql": {|#1:"Server=db;User Id=app;Password=DB_PASSWORD_2024"|},
                "RabbitAdmin": {|#2:"amqp://admin:guest-7Qx2Lm9@localhost:5672"|}
              }
            }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0).WithArguments("ConnectionStrings:ServiceBus", "appsettings.Production.json", "an access key in a connection string"),
            Test.Diagnostic("KMS1004").WithLocation(1),
            Test.Diagnostic("KMS1004").WithLocation(2));

    [Fact]
    public Task AllowComment_SilencesTheFinding()
        => RunAsync(
            """
            {
              // kmsconfig:allow KMS1004 AWS documentation example key
              "Aws": { "Id": "AKIAIOSFODNN7EXAMPLE" }
            }
            """);

    [Fact]
    public Task FilesThatAreNotSettings_AreIgnored()
        => new Test()
            .WithSource("class C { }")
            .WithSettings("launchSettings.json", """{ "Aws": { "Id": "AKIAIOSFODNN7EXAMPLE" } }""")
            .RunAsync();

    [Fact]
    public Task FileMarkedAsSettings_IsChecked()
    {
        var test = new Test().WithSource("class C { }").WithSettings("secrets.json", """{ "Aws": { "Id": {|#0:"AKIAIOSFODNN7EXAMPLE"|} } }""");
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n[/0/secrets.json]\nbuild_metadata.AdditionalFiles.KmsConfigSettings = true\n"));
        return test.Expect(Test.Diagnostic("KMS1004").WithLocation(0)).RunAsync();
    }

    [Fact]
    public Task FileMarkedIgnored_IsSkipped()
    {
        var test = new Test().WithSource("class C { }").WithSettings("appsettings.Test.json", """{ "Aws": { "Id": "AKIAIOSFODNN7EXAMPLE" } }""");
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n[/0/appsettings.Test.json]\nbuild_metadata.AdditionalFiles.KmsConfigIgnore = true\n"));
        return test.RunAsync();
    }
}
