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
    public Task WebhookUrlsWithTheirSecretInThePath_AreReported()
        => RunAsync(
            """
            {
              "Teams": { "WebhookUrl": {|#0:"https://contoso.webhook.office.com/webhookb2/7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/1bf66ccbb8e745e791fa6e6de0cf465b/4361420b-8fde-48eb-b62a-0e34fec63f5c"|} },
              "Discord": { "WebhookUrl": {|#1:"https://discord.com/api/webhooks/1234567890123456789/Xk9_Lm2-Pq7RtW4vB8nYzA1bC3dE5fG7hJ9kL0mN2pQ4rS6tU8vW0xY2zA4bC6dE8fG0"|} },
              "Slack": { "WebhookUrl": {|#2:"https://hooks.slack.com/services/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"|} },
              "Mailgun": { "Key": {|#3:"key-3ax6xnjp29jd6fds4gc373sgvjxteol0"|} }
            }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0).WithArguments("Teams:WebhookUrl", "appsettings.Production.json", "a Microsoft Teams webhook URL"),
            Test.Diagnostic("KMS1004").WithLocation(1).WithArguments("Discord:WebhookUrl", "appsettings.Production.json", "a Discord webhook URL"),
            Test.Diagnostic("KMS1004").WithLocation(2).WithArguments("Slack:WebhookUrl", "appsettings.Production.json", "a Slack webhook URL"),
            Test.Diagnostic("KMS1004").WithLocation(3).WithArguments("Mailgun:Key", "appsettings.Production.json", "a Mailgun API key"));

    [Fact]
    public Task WebhookPlaceholdersAndPublicKeys_AreNotReported()
        => RunAsync(
            """
            {
              "Teams": { "WebhookUrl": "https://yourorg.webhook.office.com/webhookb2/XXXXXXXX@XXXXXXXX/IncomingWebhook/XXXXXXXXXX/YYYYYYYY" },
              "Discord": { "WebhookUrl": "https://discord.com/api/webhooks/123/abc", "Docs": "https://discord.com/developers/docs/resources/webhook" },
              "Slack": { "WebhookUrl": "https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}" },
              "Mailgun": { "PublicKey": "pubkey-3ax6xnjp29jd6fds4gc373sgvjxteol0", "Domain": "mg.example.com" }
            }
            """);

    [Fact]
    public Task ProviderTokenShapesOfPlaceholderWords_AreNotReported()
        => RunAsync(
            """
            {
              "Slack": { "BotToken": "xoxb-your-bot-token", "AppToken": "xoxb-your-token" },
              "GitHub": { "Token": "ghp_yourpersonalaccesstokengoeshereXXXXX" },
              "Stripe": { "SecretKey": "sk_live_yourstripesecretkey" },
              "Aws": { "AccessKeyId": "AKIAXXXXXXXXXXXXXXXX" }
            }
            """);

    [Fact]
    public Task ProviderTokensWithDigitsOrRandomLetters_AreReported()
        => RunAsync(
            """
            {
              "Slack": { "BotToken": {|#0:"xoxb-your-bot-token-7Hc9Kq2"|}, "AppToken": {|#1:"xoxb-ZqwRtyPlmNbvCxzKwe"|} },
              "Stripe": { "SecretKey": {|#2:"sk_live_yourkeyQzWmRtVbXn"|} },
              "Aws": { "AccessKeyId": {|#3:"AKIAYOURACCESSKEY7QX"|} }
            }
            """,
            Test.Diagnostic("KMS1004").WithLocation(0),
            Test.Diagnostic("KMS1004").WithLocation(1),
            Test.Diagnostic("KMS1004").WithLocation(2),
            Test.Diagnostic("KMS1004").WithLocation(3));

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
