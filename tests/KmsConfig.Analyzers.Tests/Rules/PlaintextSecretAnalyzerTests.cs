using KmsConfig.Analyzers.Rules;
using KmsConfig.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Test = KmsConfig.Analyzers.Tests.Infrastructure.KmsAnalyzerTest<KmsConfig.Analyzers.Rules.PlaintextSecretAnalyzer>;

namespace KmsConfig.Analyzers.Tests.Rules;

public sealed class PlaintextSecretAnalyzerTests
{
    private const string SmtpJson = """
        {
          "Smtp": {
            "Host": "smtp.example.com",
            "Port": 587,
            "Password": {|#1:"hunter2-Mail"|}
          }
        }
        """;

    private const string SmtpOptions = """
        public sealed class SmtpOptions
        {
            public string Host { get; set; } = "";
            public int Port { get; set; }
            public string Password { get; set; } = "";
        }
        """;

    private static Task RunAsync(string body, string json, params DiagnosticResult[] expected)
        => RunAsync(body, json, SmtpOptions, expected);

    private static Task RunAsync(string body, string json, string types, params DiagnosticResult[] expected)
        => new Test().WithSource(Sources.InMethod(body, types)).WithSettings("appsettings.json", json).Expect(expected).RunAsync();

    private static DiagnosticResult Bound() => Test.Diagnostic("KMS1001").WithLocation(1);

    private static DiagnosticResult OnCall() => Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(1);

    private static DiagnosticResult Unbound() => Test.Diagnostic("KMS1003").WithLocation(1);

    [Fact]
    public Task GetT_OnSection_ReportsJsonValueAndCall()
        => RunAsync("""var o = {|#0:config.GetSection("Smtp").Get<SmtpOptions>()|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task Bind_OnSection_ReportsJsonValueAndCall()
        => RunAsync("""var o = new SmtpOptions(); {|#0:config.GetSection("Smtp").Bind(o)|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task Bind_WithKey_ReportsJsonValueAndCall()
        => RunAsync("""var o = new SmtpOptions(); {|#0:config.Bind("Smtp", o)|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task GetValue_OfSecretKey_ReportsJsonValueAndCall()
        => RunAsync("""var p = {|#0:config.GetValue<string>("Smtp:Password")|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task GetValue_OfOtherKey_ReportsUnboundOnly()
        => RunAsync("""var p = config.GetValue<string>("Smtp:Host");""", SmtpJson, Unbound());

    [Fact]
    public Task Indexer_IsCaseInsensitive_ReportsJsonValueAndCall()
        => RunAsync("""var p = {|#0:config["smtp:PASSWORD"]|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task Indexer_OnSectionLocal_ReportsJsonValueAndCall()
        => RunAsync("""var smtp = config.GetSection("Smtp"); var p = {|#0:smtp["Password"]|};""", SmtpJson, Bound(), OnCall());

    // Held-out set 19: ??= reads the key before it writes it; = only writes it.
    [Fact]
    public Task CoalescingAssignmentToIndexer_ReadsTheKey()
        => RunAsync("""{|#0:config["Smtp:Password"]|} ??= Environment.GetEnvironmentVariable("SMTP_PASSWORD");""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task AssignmentToIndexer_DoesNotReadTheKey()
        => RunAsync("""config["Smtp:Password"] = Environment.GetEnvironmentVariable("SMTP_PASSWORD");""", SmtpJson, Unbound());

    [Fact]
    public Task GetRequiredSection_ChainAndValue_ReportsJsonValueAndCall()
        => RunAsync("""var p = {|#0:config.GetRequiredSection("Smtp").GetSection("Password").Value|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task Configure_WithSection_ReportsJsonValueAndCall()
        => RunAsync("""{|#0:services.Configure<SmtpOptions>(config.GetSection("Smtp"))|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task Configure_NamedOptions_TreatsNameAsOptionsNameNotKey()
        => RunAsync("""{|#0:services.Configure<SmtpOptions>("Smtp", config.GetSection("Smtp"))|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task OptionsBuilderBind_ReportsJsonValueAndCall()
        => RunAsync("""{|#0:services.AddOptions<SmtpOptions>().Bind(config.GetSection("Smtp"))|};""", SmtpJson, Bound(), OnCall());

    // A chain spread over lines is reported from the called name, on the line that reads the key, not the chain's first.
    [Fact]
    public Task MultiLineChain_IsReportedFromTheCalledName()
        => RunAsync(
            """
            services.AddOptions<SmtpOptions>()
                .{|#0:Bind(config.GetSection("Smtp"))|};
            """,
            SmtpJson,
            Bound(),
            OnCall());

    [Fact]
    public Task MultiLineIndexer_IsReportedFromItsBrackets()
        => RunAsync(
            """
            var p = config
                {|#0:["Smtp:Password"]|};
            """,
            SmtpJson,
            Bound(),
            OnCall());

    [Fact]
    public Task BindConfiguration_ReportsJsonValueAndCall()
        => RunAsync("""{|#0:services.AddOptions<SmtpOptions>().BindConfiguration("Smtp")|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task SectionNameConstant_IsResolved()
        => RunAsync(
            """{|#0:services.Configure<SmtpOptions>(config.GetSection(SmtpOptions.SectionName))|};""",
            SmtpJson,
            SmtpOptions.Replace("public string Host", "public const string SectionName = \"Smtp\";\n    public string Host", StringComparison.Ordinal),
            Bound(),
            OnCall());

    [Fact]
    public Task NonGenericGet_WithTypeOf_ReportsJsonValueAndCall()
        => RunAsync("""var o = {|#0:config.GetSection("Smtp").Get(typeof(SmtpOptions))|};""", SmtpJson, Bound(), OnCall());

    [Fact]
    public Task ConfigurationKeyName_MapsPropertyToKey()
        => RunAsync(
            """var o = {|#0:config.GetSection("Smtp").Get<MailOptions>()|};""",
            """
            { "Smtp": { "smtp_password": {|#1:"hunter2-Mail"|} } }
            """,
            """
            public sealed class MailOptions
            {
                [ConfigurationKeyName("smtp_password")]
                public string Secret { get; set; } = "";
            }
            """,
            Bound(),
            OnCall());

    [Fact]
    public Task ConstructorBoundRecord_BindsByParameterName()
        => RunAsync(
            """var o = {|#0:config.GetSection("Smtp").Get<MailRecord>()|};""",
            SmtpJson,
            "public sealed record MailRecord(string Host, int Port, string Password);",
            Bound(),
            OnCall());

    [Fact]
    public Task NestedOptionsAndCollections_BindThroughIndexes()
        => RunAsync(
            """var o = {|#0:config.GetSection("Payments").Get<PaymentOptions>()|};""",
            """
            {
              "Payments": {
                "Gateway": { "ApiKey": {|#1:"Zx81-kLm29-QpR7t-Wv5Yb"|} },
                "Clients": [ { "Name": "a", "ClientSecret": {|#2:"c9XvT2-qP7wLm4-Rz8N"|} } ],
                "Webhooks": { "orders": { "Secret": {|#3:"whsec-7d8F2k9LmQ4x"|} } }
              }
            }
            """,
            """
            public sealed class PaymentOptions
            {
                public GatewayOptions Gateway { get; set; } = new();
                public List<ClientOptions> Clients { get; set; } = new();
                public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new();
            }
            public sealed class GatewayOptions { public string ApiKey { get; set; } = ""; }
            public sealed class ClientOptions { public string Name { get; set; } = ""; public string ClientSecret { get; set; } = ""; }
            public sealed class WebhookOptions { public string Secret { get; set; } = ""; }
            """,
            Test.Diagnostic("KMS1001").WithLocation(1),
            Test.Diagnostic("KMS1001").WithLocation(2),
            Test.Diagnostic("KMS1001").WithLocation(3),
            Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(1),
            Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(2),
            Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(3));

    // Each level's type is reachable through eight properties, so the type has 8^9 key paths down to Password; only the
    // path the settings file has may matter, and the rule must get there without listing the others.
    [Fact]
    public Task OptionsTypeWithManyPathsToEachNestedType_CompletesAndFindsTheSecret()
    {
        var types = new System.Text.StringBuilder();
        for (var level = 0; level < 9; level++)
        {
            types.Append("public sealed class Level").Append(level).Append(" { ");
            for (var route = 0; route < 8; route++)
            {
                types.Append("public Level").Append(level + 1).Append("? Route").Append(route).Append(" { get; set; } ");
            }

            types.Append("}\n");
        }

        types.Append("public sealed class Level9 { public string Password { get; set; } = \"\"; }\n");
        var json = "{ \"Deep\": " + string.Concat(Enumerable.Repeat("{ \"Route3\": ", 9))
                   + "{ \"Password\": {|#1:\"hunter2-Mail\"|} }" + new string('}', 10);
        return RunAsync("""var o = {|#0:config.GetSection("Deep").Get<Level0>()|};""", json, types.ToString(), Bound(), OnCall());
    }

    private const string DashboardOptions = """
        public sealed class DashboardOptions { public List<DashboardUser> Users { get; set; } = new(); }
        public sealed class DashboardUser
        {
            public string Login { get; set; } = "";
            public string PasswordClear { get; set; } = "";
            public int PasswordRequiredLength { get; set; }
            public string PasswordHashAlgorithm { get; set; } = "";
        }
        """;

    [Fact]
    public Task PasswordClearInListOfObjects_ReportsJsonValueAndCall()
        => RunAsync(
            """var o = {|#0:config.GetSection("Hangfire:Dashboard").Get<DashboardOptions>()|};""",
            """{ "Hangfire": { "Dashboard": { "Users": [ { "Login": "ops-admin", "PasswordClear": {|#1:"j4vQUXJhtRy%a*"|} } ] } } }""",
            DashboardOptions,
            Bound(),
            OnCall());

    [Fact]
    public Task PasswordSettingsBesidePasswordClear_AreNotReported()
        => RunAsync(
            """var o = config.GetSection("Hangfire:Dashboard").Get<DashboardOptions>();""",
            """{ "Hangfire": { "Dashboard": { "Users": [ { "Login": "ops-admin", "PasswordClear": "#{DashboardPassword}#", "PasswordRequiredLength": 12, "PasswordHashAlgorithm": "Pbkdf2Sha512x9Q" } ] } } }""",
            DashboardOptions);

    // Shaped like Confluent.Kafka: the settings class enumerates its entries, and its properties wrap a dictionary.
    private static readonly MetadataReference s_kafkaLibrary = LibraryAssembly.Compile("Kafka.Client", """
        using System.Collections;
        using System.Collections.Generic;

        namespace Kafka.Client;

        public class Config : IEnumerable<KeyValuePair<string, string>>
        {
            private readonly Dictionary<string, string> _properties = new();
            public void Set(string key, string? value) { if (value is not null) _properties[key] = value; }
            public string? Get(string key) => _properties.TryGetValue(key, out var value) ? value : null;
            public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _properties.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public class ClientConfig : Config
        {
            public string? BootstrapServers { get { return Get("bootstrap.servers"); } set { Set("bootstrap.servers", value); } }
            public string? SaslUsername { get { return Get("sasl.username"); } set { Set("sasl.username", value); } }
            public string? SaslPassword { get { return Get("sasl.password"); } set { Set("sasl.password", value); } }
        }

        public class ConsumerConfig : ClientConfig
        {
            public string? GroupId { get { return Get("group.id"); } set { Set("group.id", value); } }
        }

        public class ProducerConfig : ClientConfig
        {
            public string? TransactionalId { get { return Get("transactional.id"); } set { Set("transactional.id", value); } }
        }

        public class Broker { public string? Host { get; set; } public string? ApiKey { get; set; } }

        public class BrokerList : List<Broker> { public string? Name { get; set; } }
        """);

    private static Task RunWithKafkaAsync(string body, string json, params DiagnosticResult[] expected)
        => new Test()
            .WithReference(s_kafkaLibrary)
            .WithSource("using Kafka.Client;\n" + Sources.InMethod(body))
            .WithSettings("appsettings.json", json)
            .Expect(expected)
            .RunAsync();

    [Fact]
    public Task GetT_OfLibraryTypeWithInheritedWrappedProperties_ReportsJsonValueAndCall()
        => RunWithKafkaAsync(
            """var consumer = {|#0:config.GetSection("Kafka:Consumer").Get<ConsumerConfig>()|};""",
            """{ "Kafka": { "Consumer": { "BootstrapServers": "broker:9092", "GroupId": "ledger", "SaslPassword": {|#1:"yE0k46gNloxUQrCLbKEO7pNp"|} } } }""",
            Bound(),
            OnCall());

    [Fact]
    public Task Bind_OfLibraryInstance_ReportsJsonValueAndCall()
        => RunWithKafkaAsync(
            """var producer = new ProducerConfig(); {|#0:config.GetSection("Kafka:Producer").Bind(producer)|};""",
            """{ "Kafka": { "Producer": { "SaslUsername": "ledger", "SaslPassword": {|#1:"Hb2kQ9zXv4LmT7pR1sWc8Yn"|} } } }""",
            Bound(),
            OnCall());

    [Fact]
    public Task GetT_OfLibraryCollectionType_BindsItsElements()
        => RunWithKafkaAsync(
            """var brokers = {|#0:config.GetSection("Brokers").Get<BrokerList>()|};""",
            """{ "Brokers": [ { "Host": "b1", "ApiKey": {|#1:"Zx81-kLm29-QpR7t-Wv5Yb"|} } ] }""",
            Bound(),
            OnCall());

    [Fact]
    public Task LibraryTypeWithoutSuchProperty_LeavesTheSecretUnbound()
        => RunWithKafkaAsync(
            """var consumer = config.GetSection("Kafka:Consumer").Get<ConsumerConfig>();""",
            """{ "Kafka": { "Consumer": { "GroupId": "ledger", "Password": {|#1:"yE0k46gNloxUQrCLbKEO7pNp"|} } } }""",
            Unbound());

    [Fact]
    public Task LibraryTypeNonSecretsAndPlaceholders_AreNotReported()
        => RunWithKafkaAsync(
            """var consumer = config.GetSection("Kafka:Consumer").Get<ConsumerConfig>(); var producer = new ProducerConfig(); config.GetSection("Kafka:Producer").Bind(producer);""",
            """{ "Kafka": { "Consumer": { "BootstrapServers": "broker:9092", "SaslUsername": "ledger", "SaslPassword": "${KAFKA_PASSWORD}" }, "Producer": { "TransactionalId": "ledger-tx", "SaslPassword": "" } } }""");

    [Fact]
    public Task LibraryCollectionType_DoesNotBindItsOwnProperties()
        => RunWithKafkaAsync(
            """var brokers = config.GetSection("Brokers").Get<BrokerList>();""",
            """{ "Brokers": { "Name": "east", "ApiKey": {|#1:"Zx81-kLm29-QpR7t-Wv5Yb"|} } }""",
            Unbound());

    [Fact]
    public Task ArrayIndexPath_InIndexer_IsMatched()
        => RunAsync(
            """var s = {|#0:config["Clients:1:Secret"]|};""",
            """
            { "Clients": [ { "Secret": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" }, { "Secret": {|#1:"s3cr3t-Value-2024"|} } ] }
            """,
            Bound(),
            OnCall());

    [Fact]
    public Task GetConnectionString_WithPassword_ReportsCallOnly()
        => RunAsync(
            """var cs = {|#0:config.GetConnectionString("Default")|};""",
            """
            { "ConnectionStrings": { "Default": {|#1:"Server=db;Database=app;User Id=app;Password=Pa55w0rd!"|} } }
            """,
            OnCall());

    [Fact]
    public Task GetChildren_OfSecretSection_CountsAsBound()
        => RunAsync(
            """foreach (var child in {|#0:config.GetSection("ApiKeys").GetChildren()|}) { }""",
            """
            { "ApiKeys": { "Maps": {|#1:"Qm9vLXR3by10aHJlZS00NTY3"|} } }
            """,
            Bound(),
            OnCall());

    // A loop that reads given keys of each child binds those keys (Tenants:*:ApiKey), not the children's other secrets.
    private const string TenantsJson = """
        { "Tenants": [ { "Id": "acme", "ApiKey": {|#1:"tk_live_9Xk2Lm4QpR7tWv5Y"|}, "WebhookSecret": {|#2:"whk_Zx81kLm29QpR7tWv5Y"|} } ] }
        """;

    [Theory]
    [InlineData("""foreach (var t in config.GetSection("Tenants").GetChildren()) { var id = t["Id"]; var key = {|#0:t["ApiKey"]|}; }""")]
    [InlineData("""foreach (var t in config.GetSection("Tenants").GetChildren()) { Console.WriteLine(t.Key + {|#0:t.GetValue<string>("ApiKey")|}); }""")]
    public Task GetChildrenLoop_ReadingSomeKeysOfEachChild_BindsOnlyThose(string body)
        => RunAsync(body, TenantsJson, Bound(), OnCall(), Test.Diagnostic("KMS1003").WithLocation(2));

    [Theory]
    [InlineData("""foreach (var t in {|#0:config.GetSection("Tenants").GetChildren()|}) { Console.WriteLine(t.Value); }""")]
    [InlineData("""foreach (var t in {|#0:config.GetSection("Tenants").GetChildren()|}) { Register(t); } static void Register(IConfigurationSection s) { }""")]
    public Task GetChildrenLoop_UsingEachChildOtherwise_BindsEverythingBelow(string body)
        => RunAsync(
            body,
            TenantsJson,
            Bound(),
            OnCall(),
            Test.Diagnostic("KMS1001").WithLocation(2),
            Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(2));

    [Fact]
    public Task SecretNoCodeBinds_ReportsUnbound()
        => RunAsync("""var host = config["Smtp:Host"];""", SmtpJson, Unbound());

    [Fact]
    public Task UnknownSectionParameter_IsNotGuessed()
        => new Test()
            .WithSource(Sources.Usings + """
                public static class Startup
                {
                    public static SmtpOptions? Read(IConfigurationSection section) => section.Get<SmtpOptions>();
                }
                """ + SmtpOptions)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Unbound())
            .RunAsync();

    [Fact]
    public Task NonConstantKey_IsNotGuessed()
        => RunAsync("""var key = Environment.GetEnvironmentVariable("K") ?? "x"; var p = config[key];""", SmtpJson, Unbound());

    // Held-out set 19: a pointer to a secret store with a note after the store's name holds no secret, bound or not.
    [Fact]
    public Task SecretStorePointer_WithANote_IsNotReported()
        => RunAsync(
            """var o = config.GetSection("Ldap").Get<LdapOptions>();""",
            """{ "Ldap": { "BindPassword": "stored in CyberArk (SCADA safe)", "Password": "stored in Thycotic Secret Server" } }""",
            "public sealed class LdapOptions { public string BindPassword { get; set; } = \"\"; public string Password { get; set; } = \"\"; }");

    // Held-out set 20: a slug that ends in a pointer to a secret store ("dd-api-key-in-secrets-manager") holds no secret;
    // one with a random run before the pointer does.
    [Fact]
    public Task SecretStorePointer_AsASlug_IsNotReported()
        => RunAsync(
            """var o = {|#0:config.GetSection("Datadog").Get<DatadogOptions>()|};""",
            """{ "Datadog": { "ApiKey": "dd-api-key-in-secrets-manager", "AppKey": {|#1:"dd-7Hq2Lx9Vb4Nm1Zp8-in-vault"|} } }""",
            "public sealed class DatadogOptions { public string ApiKey { get; set; } = \"\"; public string AppKey { get; set; } = \"\"; }",
            Bound(),
            OnCall());

    [Fact]
    public Task EncryptedValue_IsNotReported()
        => RunAsync(
            """var o = config.GetSection("Smtp").Get<SmtpOptions>();""",
            """{ "Smtp": { "Password": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" } }""");

    [Fact]
    public Task AllowComment_OnLineAbove_SilencesJsonAndCall()
        => RunAsync(
            """var o = config.GetSection("Smtp").Get<SmtpOptions>();""",
            """
            {
              "Smtp": {
                // kmsconfig:allow dev-only mail catcher
                "Password": "hunter2-Mail"
              }
            }
            """);

    [Fact]
    public Task AllowComment_ForOtherRule_DoesNotSilence()
        => RunAsync(
            """var p = config["Smtp:Host"];""",
            """
            { "Smtp": { "Password": {|#1:"hunter2-Mail"|} /* kmsconfig:allow KMS1004 */ } }
            """,
            Unbound());

    [Fact]
    public Task AllowKms1003FromCheckVerb_OnBoundSecret_SilencesKms1001AndKms1002()
        => RunAsync(
            """var o = config.GetSection("Smtp").Get<SmtpOptions>();""",
            """
            {
              "Smtp": {
                // kmsconfig:allow KMS1003 id printed by the check verb
                "Password": "hunter2-Mail"
              }
            }
            """);

    [Fact]
    public Task AllowKms1001_OnUnboundSecret_SilencesKms1003()
        => RunAsync(
            """var host = config["Smtp:Host"];""",
            """
            { "Smtp": { "Host": "smtp.example.com", "Password": "hunter2-Mail" /* kmsconfig:allow KMS1001 */ } }
            """);

    [Fact]
    public Task AllowKms1003_OnAnotherLine_DoesNotSilenceTheBoundSecret()
        => RunAsync(
            """var o = {|#0:config.GetSection("Smtp").Get<SmtpOptions>()|};""",
            """
            {
              "Smtp": {
                // kmsconfig:allow KMS1003
                "Host": "smtp.example.com",
                "Password": {|#1:"hunter2-Mail"|}
              }
            }
            """,
            Bound(),
            OnCall());

    [Fact]
    public Task AllowOtherId_OnBoundSecret_DoesNotSilence()
        => RunAsync(
            """var o = {|#0:config.GetSection("Smtp").Get<SmtpOptions>()|};""",
            """
            { "Smtp": { "Password": {|#1:"hunter2-Mail"|} /* kmsconfig:allow KMS1007, KMS1005 */ } }
            """,
            Bound(),
            OnCall());

    [Fact]
    public Task KmsConfigSection_IsNeverReported()
        => RunAsync(
            """var o = config.GetSection("KmsConfig").Get<SmtpOptions>();""",
            """{ "KmsConfig": { "KeyId": "alias/orders", "Password": "hunter2-Mail", "EncryptionContext": { "app": "orders" } } }""");

    [Fact]
    public Task BoundNonSecretProperties_AreNotReported()
        => RunAsync(
            """var o = config.GetSection("Smtp").Get<SmtpOptions>();""",
            """{ "Smtp": { "Host": "smtp.example.com", "Port": 587, "Password": "" } }""");

    [Fact]
    public Task Message_NamesKeyAndFile_NeverTheValue()
        => RunAsync(
            """var p = {|#0:config["Smtp:Password"]|};""",
            SmtpJson,
            Bound().WithArguments("Smtp:Password", "appsettings.json"),
            OnCall().WithArguments("Smtp:Password", "appsettings.json", "5,17"));

    // The compiler counts U+2028, U+2029 and U+0085 as line breaks, which JSON allows raw in strings; the position the
    // message names is the one of the JSON location it carries, as the build prints that location's KMS1001.
    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public Task Message_NamesThePositionOfItsJsonLocation_WhenAStringHoldsAUnicodeLineBreak(char lineBreak)
        => RunAsync(
            """var p = {|#0:config["Smtp:Password"]|};""",
            "{\n  \"Note\": \"one" + lineBreak + "two\",\n  \"Smtp\": { \"Password\": {|#1:\"hunter2-Mail\"|} }\n}",
            Bound(),
            OnCall().WithArguments("Smtp:Password", "appsettings.json", "4,25"));

    [Fact]
    public Task SecretInEnvironmentFile_IsReportedInThatFile()
        => new Test()
            .WithSource(Sources.InMethod("""var p = {|#0:config["Smtp:Password"]|};"""))
            .WithSettings("appsettings.json", """{ "Smtp": { "Password": "" } }""")
            .WithSettings("appsettings.Development.json", SmtpJson)
            .Expect(Bound(), OnCall())
            .RunAsync();

    [Fact]
    public Task SecretInTwoSettingsFiles_ReportsOneKms1002PerFile_EachNamingItsFile()
        => new Test()
            .WithSource(Sources.InMethod("""var p = {|#0:config["Smtp:Password"]|};"""))
            .WithSettings("appsettings.json", SmtpJson)
            .WithSettings("appsettings.Development.json", """{ "Smtp": { "Password": {|#2:"dev-Mail-9Kx2"|} } }""")
            .Expect(
                Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(2).WithArguments("Smtp:Password", "appsettings.Development.json", "1,25"),
                Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(1).WithArguments("Smtp:Password", "appsettings.json", "5,17"),
                Test.Diagnostic("KMS1001").WithLocation(2).WithArguments("Smtp:Password", "appsettings.Development.json"),
                Test.Diagnostic("KMS1001").WithLocation(1).WithArguments("Smtp:Password", "appsettings.json"))
            .RunAsync();

    [Fact]
    public Task SecretInOneOfTwoSettingsFiles_ReportsOneKms1002()
        => new Test()
            .WithSource(Sources.InMethod("""var p = {|#0:config["Smtp:Password"]|};"""))
            .WithSettings("appsettings.json", SmtpJson)
            .WithSettings("appsettings.Development.json", """{ "Smtp": { "Password": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" } }""")
            .Expect(Bound(), OnCall().WithArguments("Smtp:Password", "appsettings.json", "5,17"))
            .RunAsync();

    [Theory]
    [InlineData("Jwt:TokenExpiryMinutes", "30")]
    [InlineData("Jwt:AccessTokenLifetime", "\"00:30:00\"")]
    [InlineData("PasswordPolicy:MinLength", "8")]
    [InlineData("Identity:Password:RequireDigit", "true")]
    [InlineData("Api:ApiKeyHeaderName", "\"X-Api-Key\"")]
    [InlineData("AzureAd:ClientId", "\"11111111-2222-3333-4444-555555555555\"")]
    [InlineData("Stripe:PublishableKey", "\"pk_live_51H8xYzAbCdEfGhIjKlMnOp\"")]
    [InlineData("KeyVault:SecretName", "\"orders-db-password\"")]
    [InlineData("Auth:TokenEndpoint", "\"https://login.example.com/oauth2/token\"")]
    [InlineData("Smtp:Password", "\"${SMTP_PASSWORD}\"")]
    [InlineData("Smtp:Password", "\"#{SmtpPassword}#\"")]
    [InlineData("Smtp:Password", "\"<smtp-password>\"")]
    [InlineData("Smtp:Password", "\"__SMTP_PASSWORD__\"")]
    [InlineData("Smtp:Password", "\"%SMTP_PASSWORD%\"")]
    [InlineData("Smtp:Password", "\"\"")]
    [InlineData("Smtp:Password", "null")]
    [InlineData("RabbitMq:Password", "\"guest\"")]
    [InlineData("Smtp:Password", "\"fake\"")]
    [InlineData("Api:ApiKey", "\"SAS_KEY_VALUE\"")]
    [InlineData("Smtp:Password", "\"ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]\"")]
    [InlineData("Smtp:Password", "\"EJ[1:abc:def:ghi]\"")]
    [InlineData("Smtp:Password", "\"kms:raw:AQICAHh4c2VjcmV0LWNpcGhlcnRleHQ=\"")]
    [InlineData("Smtp:Password", "\"@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x/)\"")]
    [InlineData("Logging:LogLevel:Default", "\"Information\"")]
    [InlineData("AllowedHosts", "\"*\"")]
    [InlineData("FeatureManagement:NewCheckout", "true")]
    [InlineData("Cache:Key", "\"orders-cache-prefix-v1\"")]
    [InlineData("Storage:Credential", "\"ManagedIdentity\"")]
    [InlineData("ConnectionStrings:Default", "\"Server=db;Database=app;Trusted_Connection=True;\"")]
    public Task BoundNonSecretValue_IsNotReported(string keyPath, string jsonValue)
    {
        var segments = keyPath.Split(':');
        var json = string.Concat(segments.Select(segment => "{ \"" + segment + "\": ")) + jsonValue + new string('}', segments.Length);
        return RunAsync($$"""var value = config["{{keyPath}}"];""", json);
    }

    [Theory]
    [InlineData("RabbitMq:Password", "guest-7Qx2Lm9")]
    [InlineData("Smtp:Password", "Fake4Real!x")]
    [InlineData("Api:ApiKey", "Sas_Key_Value_Zx81kLm29")]
    public Task BoundSecretStartingLikeADummy_IsReported(string keyPath, string value)
    {
        var segments = keyPath.Split(':');
        var json = string.Concat(segments.Select(segment => "{ \"" + segment + "\": ")) + "{|#1:\"" + value + "\"|}" + new string('}', segments.Length);
        return RunAsync($$"""var value = {|#0:config["{{keyPath}}"]|};""", json, Bound(), OnCall());
    }

    [Fact]
    public Task MinimalApiProgram_BindingThroughWebApplicationBuilder_IsReported()
    {
        var test = new Test()
            .WithSource("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                {|#0:builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"))|};
                var app = builder.Build();
                app.Run();

                public sealed class SmtpOptions { public string Host { get; set; } = ""; public string Password { get; set; } = ""; }
                """)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Bound(), OnCall());
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    // The analyzer looks at syntax before it binds (CandidateSyntax): reads whose keys match no secret are skipped, and
    // .Value only counts on a section chain or a local. These shapes must still be resolved and reported.
    [Theory]
    [InlineData("""var p = config?{|#0:["Smtp:Password"]|};""")]
    [InlineData("""var p = config.GetSection("Smtp")?{|#0:["Password"]|};""")]
    [InlineData("""var p = {|#0:config.GetSection("Smtp:Password")!.Value|};""")]
    [InlineData("""var p = {|#0:Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<string>(config, "Smtp:Password")|};""")]
    [InlineData("""var p = {|#0:config.GetValue<string>(Keys.Password, "fallback-value")|};""")]
    [InlineData("""var p = {|#0:config.GetValue<string>(defaultValue: "fallback", key: Keys.Password)|};""")]
    [InlineData("""{|#0:services.Configure<SmtpOptions>("primary-mailer", config.GetSection(Keys.Smtp))|};""")]
    [InlineData("""var smtp = config.GetSection("Smtp"); var p = {|#0:smtp.GetSection("Password").Value|};""")]
    public Task ReadsThePreFilterMustKeep_AreReported(string body)
        => RunAsync(
            body,
            SmtpJson,
            SmtpOptions + """

            public static class Keys
            {
                public const string Smtp = "Smtp";
                public const string Password = "Smtp:Password";
            }
            """,
            Bound(),
            OnCall());

    [Fact]
    public Task SectionValue_ThroughLocalInTopLevelStatements_IsReported()
    {
        var test = new Test()
            .WithSource("""
                using Microsoft.Extensions.Configuration;

                IConfiguration config = new ConfigurationBuilder().Build();
                var password = config.GetSection("Smtp:Password");
                System.Console.WriteLine({|#0:password.Value|});
                """)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Bound(), OnCall());
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task ReadsOfOtherSections_AndOptionsValue_LeaveTheSecretUnbound()
        => RunAsync(
            """
            var port = config.GetValue<int>("Mail:Port");
            var host = config["Other:Host"];
            var o = config.GetSection("Other").Get<SmtpOptions>();
            var options = Microsoft.Extensions.Options.Options.Create(new SmtpOptions());
            var value = options.Value;
            """,
            SmtpJson,
            Unbound());

    // Sections kept in fields and properties: resolved when the class assigns the member once, from a GetSection chain.
    private static Task RunInClassAsync(string members, string json, params DiagnosticResult[] expected)
        => new Test()
            .WithSource(Sources.Usings + "public sealed class Mailer\n{\n" + members + "\n}\n" + SmtpOptions)
            .WithSettings("appsettings.json", json)
            .Expect(expected)
            .RunAsync();

    [Theory]
    [InlineData("""var p = {|#0:_smtp["Password"]|};""")]
    [InlineData("""var p = {|#0:this._smtp["Password"]|};""")]
    [InlineData("""var p = {|#0:_smtp.GetValue<string>("Password")|};""")]
    [InlineData("""var o = {|#0:_smtp.Get<SmtpOptions>()|};""")]
    [InlineData("""var p = {|#0:_smtp.GetSection("Password").Value|};""")]
    public Task SectionField_AssignedInConstructor_ResolvesEachRead(string read)
        => RunInClassAsync(
            """
                private readonly IConfigurationSection _smtp;
                public Mailer(IConfiguration configuration) { _smtp = configuration.GetSection("Smtp"); }
                public void Send()
                {
            """ + read + """

                }
            """,
            SmtpJson,
            Bound(),
            OnCall());

    [Fact]
    public Task SectionField_InitialisedFromPrimaryConstructorParameter_IsResolved()
        => new Test()
            .WithSource(Sources.Usings + """
                public sealed class Mailer(IConfiguration config)
                {
                    private readonly IConfigurationSection _smtp = config.GetSection("Smtp");
                    public string? Password => {|#0:_smtp["Password"]|};
                }
                """)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Bound(), OnCall())
            .RunAsync();

    [Theory]
    [InlineData("""private readonly IConfigurationSection _password; public Mailer(IConfiguration c) { _password = c.GetSection("Smtp:Password"); } public string? P => {|#0:_password.Value|};""")]
    [InlineData("""private readonly IConfigurationSection _password; public Mailer(IConfiguration c) { _password = c.GetSection("Smtp:Password"); } public string? P => {|#0:this._password.Value|};""")]
    [InlineData("""public IConfigurationSection Password { get; } public Mailer(IConfiguration c) { Password = c.GetRequiredSection("Smtp:Password"); } public string? P => {|#0:Password.Value|};""")]
    [InlineData("""private IConfigurationSection Smtp { get; } public Mailer(IConfiguration c) { Smtp = c.GetSection("Smtp"); } public string? P => {|#0:Smtp.GetSection("Password").Value|};""")]
    [InlineData("""private readonly IConfigurationSection _smtp, _password; public Mailer(IConfiguration c) { var smtp = c.GetSection("Smtp"); _smtp = smtp; _password = _smtp.GetSection("Password"); } public string? P => {|#0:_password.Value|};""")]
    [InlineData("""public IConfigurationSection Password { get; } public Mailer(IConfiguration c) { Password = c.GetRequiredSection("Smtp:Password"); } public static string? P(Mailer m) => {|#0:m.Password.Value|};""")]
    [InlineData("""private static readonly IConfigurationSection s_smtp = new ConfigurationBuilder().Build().GetSection("Smtp"); public static string? P => {|#0:Mailer.s_smtp["Password"]|};""")]
    [InlineData("""private IConfigurationSection? _smtp; public string? P(IConfiguration c) { _smtp ??= c.GetSection("Smtp"); return {|#0:_smtp["Password"]|}; }""")]
    public Task SectionMember_AssignedOnceFromAChain_IsResolved(string members)
        => RunInClassAsync(members, SmtpJson, Bound(), OnCall());

    // Names that alias sections in reverse order (f10000 = f9999; ... f1 = f0; then f0 = c.GetSection(...)) once took the
    // syntactic pre-check a pass over every assignment per name, quadratic in the file; a short chain still resolves.
    [Fact]
    public Task SectionAliasedThroughManyNamesInReverseOrder_CompletesAndResolvesTheShortChain()
    {
        const int count = 10000;
        var members = new System.Text.StringBuilder("private readonly IConfigurationSection f0");
        for (var i = 1; i <= count; i++)
        {
            members.Append(", f").Append(i);
        }

        members.Append(";\npublic Mailer(IConfiguration c)\n{\n");
        for (var i = count; i > 0; i--)
        {
            members.Append("f").Append(i).Append(" = f").Append(i - 1).Append(";\n");
        }

        members.Append("f0 = c.GetSection(\"Smtp:Password\");\n}\npublic string? P => {|#0:f2.Value|};");
        return RunInClassAsync(members.ToString(), SmtpJson, Bound(), OnCall());
    }

    // Parentheses are no operation of their own in C#: the semantic model is asked about what they enclose.
    [Theory]
    [InlineData("""private readonly IConfigurationSection _smtp; public Mailer(IConfiguration c) { _smtp = (c.GetSection("Smtp")); } public string? P => {|#0:_smtp["Password"]|};""")]
    [InlineData("""private static readonly IConfigurationSection s_smtp = ((new ConfigurationBuilder().Build().GetSection("Smtp"))); public static string? P => {|#0:s_smtp["Password"]|};""")]
    [InlineData("""private readonly IConfiguration _c; public Mailer(IConfiguration c) { _c = c; } public IConfigurationSection Smtp => (_c.GetSection("Smtp")); public string? P => {|#0:Smtp["Password"]|};""")]
    [InlineData("""public string? P(IConfiguration c) { var smtp = (c.GetSection("Smtp")); return {|#0:smtp["Password"]|}; }""")]
    [InlineData("""public string? P(IConfiguration c) { var smtp = (IConfigurationSection)(c.GetSection("Smtp")); return {|#0:smtp["Password"]|}; }""")]
    public Task SectionHeldInParentheses_IsResolved(string members)
        => RunInClassAsync(members, SmtpJson, Bound(), OnCall());

    [Theory]
    [InlineData("""private IConfigurationSection _smtp; public Mailer(IConfiguration c) { _smtp = c.GetSection("Smtp"); } public void Use(IConfiguration c) { _smtp = c.GetSection("Other"); } public string? P => _smtp["Password"];""")]
    [InlineData("""private readonly IConfigurationSection _smtp = new ConfigurationBuilder().Build().GetSection("Other"); public Mailer(IConfiguration c) { _smtp = c.GetSection("Smtp"); } public string? P => _smtp["Password"];""")]
    [InlineData("""public IConfigurationSection? Smtp; public Mailer(IConfiguration c) { Smtp = c.GetSection("Smtp"); } public string? P => Smtp["Password"];""")]
    [InlineData("""public IConfigurationSection? Smtp { get; set; } public Mailer(IConfiguration c) { Smtp = c.GetSection("Smtp"); } public string? P => Smtp?["Password"];""")]
    [InlineData("""public IConfigurationSection? Smtp { get; init; } public Mailer(IConfiguration c) { Smtp = c.GetSection("Smtp"); } public string? P => Smtp?["Password"];""")]
    [InlineData("""private IConfigurationSection? _smtp; public Mailer(IConfiguration c) { _smtp = c.GetSection("Other"); } public string? P(IConfiguration c) { _smtp ??= c.GetSection("Smtp"); return _smtp["Password"]; }""")]
    [InlineData("""private IConfigurationSection _smtp; public Mailer(IConfiguration c) { _smtp = c.GetSection("Smtp"); } public void Swap(ref IConfigurationSection other) { System.Threading.Interlocked.Exchange(ref _smtp, other); } public string? P => _smtp["Password"];""")]
    [InlineData("""private readonly IConfigurationSection _smtp; public Mailer(IConfigurationSection section) { _smtp = section; } public string? P => _smtp["Password"];""")]
    [InlineData("""private readonly IConfigurationSection _smtp; public Mailer(IConfiguration c) { _smtp = c.GetSection("Mail"); } public string? P => _smtp["Password"];""")]
    [InlineData("""private readonly IConfigurationSection _password; public Mailer(IConfiguration c) { _password = c.GetSection("Smtp:Host"); } public string? P => _password.Value;""")]
    [InlineData("""private readonly IOptions<SmtpOptions> _options; public Mailer(IOptions<SmtpOptions> options) { _options = options; } public string P => _options.Value.Password;""")]
    public Task SectionMember_NotAssignedOnceFromAChainToTheSecret_LeavesTheSecretUnbound(string members)
        => RunInClassAsync(members, SmtpJson, Unbound());

    // Sections returned by property getters: resolved when the getter is a single return and no instance can replace it.
    private const string HoldsConfiguration = "private readonly IConfiguration _c; public Mailer(IConfiguration c) { _c = c; } ";

    [Theory]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp => _c.GetSection("Smtp"); public string? P => {|#0:Smtp["Password"]|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection Smtp { get { return _c.GetRequiredSection("Smtp"); } } public string? P => {|#0:Smtp.GetSection("Password").Value|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection Password { get => _c.GetSection("Smtp:Password"); } public string? P => {|#0:Password.Value|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection Password { get { return _c.GetSection("Smtp").GetSection("Password"); } } public string? P => {|#0:this.Password.Value|};""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp => _c.GetSection("Smtp"); public SmtpOptions? P => {|#0:Smtp.Get<SmtpOptions>()|};""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp => _c.GetSection("Smtp"); public string? P => {|#0:Smtp.GetValue<string>("Password")|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection Smtp => _c.GetSection("Smtp"); private IConfigurationSection Password => Smtp.GetSection("Password"); public string? P => {|#0:Password.Value|};""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp { get => _c.GetSection("Smtp"); set { } } public string? P => {|#0:Smtp["Password"]|};""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Password => _c.GetSection("Smtp:Password"); public static string? P(Mailer m) => {|#0:m.Password.Value|};""")]
    [InlineData("""private readonly IConfigurationSection _smtp; public Mailer(IConfiguration c) { _smtp = c.GetSection("Smtp"); } public IConfigurationSection Smtp => _smtp; public string? P => {|#0:Smtp["Password"]|};""")]
    [InlineData("""private static IConfiguration Root { get; } = new ConfigurationBuilder().Build(); public static IConfigurationSection Smtp => Root.GetSection("Smtp"); public static string? P => {|#0:Mailer.Smtp["Password"]|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection? _smtp; public IConfigurationSection Smtp => _smtp ??= _c.GetSection("Smtp"); public string? P => {|#0:Smtp["Password"]|};""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection? _smtp; private IConfigurationSection Smtp { get { return this._smtp ??= _c.GetSection("Smtp"); } } public string? P => {|#0:Smtp.GetValue<string>("Password")|};""")]
    public Task SectionProperty_GetterReturnsAChain_IsResolved(string members)
        => RunInClassAsync(members, SmtpJson, Bound(), OnCall());

    [Fact]
    public Task SectionProperty_ExpressionAndGetterBodied_ResolveReadsInTheirClass()
        => new Test()
            .WithSource(Sources.Usings + """
                public sealed class AppSettings(IConfiguration configuration)
                {
                    public IConfigurationSection Smtp => configuration.GetSection("Smtp");
                    private IConfigurationSection Db { get { return configuration.GetRequiredSection("Db"); } }
                    public string? SmtpPassword => {|#0:Smtp["Password"]|};
                    public string? DbPassword => {|#2:Db.GetSection("Password").Value|};
                }
                """)
            .WithSettings("appsettings.json", """
                {
                  "Smtp": { "Host": "smtp.example.com", "Password": {|#1:"hunter2-Mail"|} },
                  "Db": { "Password": {|#3:"Pg-s3cret-Orders"|} }
                }
                """)
            .Expect(
                Test.Diagnostic("KMS1001").WithLocation(1),
                Test.Diagnostic("KMS1001").WithLocation(3),
                Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(1),
                Test.Diagnostic("KMS1002").WithLocation(2).WithLocation(3))
            .RunAsync();

    private const string AppSettingsTypes = """
        public sealed class AppSettings(IConfiguration configuration)
        {
            public IConfigurationSection Smtp => configuration.GetSection("Smtp");
            internal IConfigurationSection Password { get { return configuration.GetRequiredSection("Smtp:Password"); } }
        }

        public sealed class Sections<T>(IConfiguration configuration)
        {
            public IConfigurationSection Smtp => configuration.GetSection("Smtp");
        }

        """;

    private static Task RunWithAppSettingsAsync(string body, params DiagnosticResult[] expected)
        => new Test()
            .WithSource(Sources.Usings + AppSettingsTypes + """
                public static class Mailer
                {
                    public static void Send(AppSettings settings, IConfiguration config)
                    {
                """ + "\n" + body + """

                    }
                }

                """ + SmtpOptions)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(expected)
            .RunAsync();

    [Theory]
    [InlineData("""var p = {|#0:settings.Smtp["Password"]|};""")]
    [InlineData("""var o = {|#0:settings.Smtp.Get<SmtpOptions>()|};""")]
    [InlineData("""var p = {|#0:settings.Smtp.GetSection("Password").Value|};""")]
    [InlineData("""var p = {|#0:settings.Password.Value|};""")]
    [InlineData("""var p = {|#0:new AppSettings(config).Password.Value|};""")]
    [InlineData("""var p = {|#0:new Sections<int>(config).Smtp["Password"]|};""")]
    public Task SectionProperty_ReadThroughAnInstance_IsResolved(string body)
        => RunWithAppSettingsAsync(body, Bound(), OnCall());

    [Theory]
    [InlineData("""var p = settings.Smtp["Host"];""")]
    [InlineData("""var p = settings.Smtp.GetSection("Other").Value;""")]
    public Task SectionProperty_ReadOfAnotherKeyThroughAnInstance_LeavesTheSecretUnbound(string body)
        => RunWithAppSettingsAsync(body, Unbound());

    [Theory]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp => _c.GetSection("Mail"); public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Password => _c.GetSection("Smtp:Host"); public string? P => Password.Value;""")]
    [InlineData(HoldsConfiguration + """public bool Primary { get; set; } private IConfigurationSection Smtp { get { if (Primary) { return _c.GetSection("Smtp"); } return _c.GetSection("Mail"); } } public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection Smtp { get { Console.WriteLine("read"); return _c.GetSection("Smtp"); } } public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """public bool Primary { get; set; } public IConfigurationSection Smtp => Primary ? _c.GetSection("Smtp") : _c.GetSection("Mail"); public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection Smtp => SmtpSection(); private IConfigurationSection SmtpSection() => _c.GetSection("Smtp"); public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """public IConfigurationSection SmtpSection() => _c.GetSection("Smtp"); public string? P => SmtpSection()["Password"];""")]
    [InlineData("""private readonly IConfigurationSection _section; public Mailer(IConfigurationSection section) { _section = section; } public IConfigurationSection Smtp => _section; public string? P => Smtp["Password"];""")]
    [InlineData("""public IConfigurationSection Smtp => Smtp; public string? P => Smtp["Password"];""")]
    [InlineData("""private IConfigurationSection Smtp => Mail; private IConfigurationSection Mail => Smtp; public string? P => Smtp.GetSection("Password").Value;""")]
    [InlineData("""private readonly IOptions<SmtpOptions> _options; public Mailer(IOptions<SmtpOptions> options) { _options = options; } private IOptions<SmtpOptions> Options => _options; public string P => Options.Value.Password;""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection? _smtp; public IConfigurationSection Smtp => _smtp ??= _c.GetSection("Mail"); public string? P => Smtp["Password"];""")]
    [InlineData(HoldsConfiguration + """private IConfigurationSection? _smtp; public void Use(IConfigurationSection s) { _smtp = s; } public IConfigurationSection Smtp => _smtp ??= _c.GetSection("Smtp"); public string? P => Smtp["Password"];""")]
    public Task SectionProperty_GetterNotASingleReturnOfTheSecretsSection_LeavesTheSecretUnbound(string members)
        => RunInClassAsync(members, SmtpJson, Unbound());

    // What a virtual, abstract, override or interface property returns depends on the instance; its getter is not guessed at.
    [Theory]
    [InlineData("""public class AppSettings(IConfiguration c) { public virtual IConfigurationSection Smtp => c.GetSection("Smtp"); public string? P => Smtp["Password"]; }""")]
    [InlineData("""public abstract class Base { public abstract IConfigurationSection Smtp { get; } } public sealed class AppSettings(IConfiguration c) : Base { public override IConfigurationSection Smtp => c.GetSection("Smtp"); public string? P => Smtp["Password"]; }""")]
    [InlineData("""public class AppSettings(IConfiguration c) { public virtual IConfigurationSection Smtp => c.GetSection("Smtp"); } public sealed class Mail : AppSettings { public Mail(IConfiguration c) : base(c) { } public override IConfigurationSection Smtp => new ConfigurationBuilder().Build().GetSection("Mail"); } public static class Reader { public static string? P(AppSettings s) => s.Smtp["Password"]; }""")]
    [InlineData("""public interface ISettings { IConfiguration Root { get; } IConfigurationSection Smtp => Root.GetSection("Smtp"); } public static class Reader { public static string? P(ISettings s) => s.Smtp["Password"]; }""")]
    public Task SectionProperty_AnInstanceMayReplace_LeavesTheSecretUnbound(string source)
        => new Test()
            .WithSource(Sources.Usings + source)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Unbound())
            .RunAsync();

    [Fact]
    public Task SectionProperty_DeclaredInAnotherFile_IsNotResolved()
        => new Test()
            .WithSource(Sources.Usings + """public sealed class AppSettings(IConfiguration c) { public IConfigurationSection Smtp => c.GetSection("Smtp"); }""")
            .WithSource(Sources.Usings + """public static class Reader { public static string? P(AppSettings s) => s.Smtp["Password"]; }""")
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(Unbound())
            .RunAsync();

    // Sections handed to the application's own methods: what the method reads through its parameter is placed under
    // the section each call passes, and reported on that call (at the end of the compilation, as every file is needed).
    private const string MailExtensions = """
        public static class MailExtensions
        {
            public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration section)
            {
                services.Configure<SmtpOptions>(section);
                return services;
            }

            public static string? PasswordOf(IConfigurationSection smtp) => smtp.GetSection("Password").Value;

            public static SmtpOptions? Nested(IConfigurationSection mail) => mail.GetSection("Smtp").Get<SmtpOptions>();

            public static string? HostOf(IConfiguration smtp) => smtp["Host"];

            public static void PassOn(IServiceCollection services, IConfiguration section) => services.AddMail(section);

            public static void Configure(IServiceCollection services, IConfigurationSection smtp) => services.Configure<SmtpOptions>(smtp);
        }

        public sealed class MailClient
        {
            private readonly string? _password;

            public MailClient(IConfigurationSection smtp) => _password = smtp["Password"];

            public MailClient(IConfiguration smtp, int port) => _password = smtp["Host"];
        }

        public sealed class PrimaryMailClient(IConfiguration smtp)
        {
            public string? Password { get; } = smtp.GetValue<string>("Password");
        }
        """;

    private static Task RunWithMailExtensionsAsync(string body, params DiagnosticResult[] expected)
        => new Test()
            .WithSource(Sources.InMethod(body, SmtpOptions))
            .WithSource(Sources.Usings + MailExtensions)
            .WithSettings("appsettings.json", SmtpJson)
            .Expect(expected)
            .RunAsync();

    [Theory]
    [InlineData("""{|#0:services.AddMail(config.GetSection("Smtp"))|};""")]
    [InlineData("""var smtp = config.GetRequiredSection("Smtp"); {|#0:services.AddMail(smtp)|};""")]
    [InlineData("""{|#0:MailExtensions.AddMail(services, config.GetSection("Smtp"))|};""")]
    [InlineData("""var p = {|#0:MailExtensions.PasswordOf(config.GetSection("Smtp"))|};""")]
    [InlineData("""{|#0:MailExtensions.Configure(services, config.GetSection("Smtp"))|};""")]
    [InlineData("""var c = {|#0:new MailClient(config.GetRequiredSection("Smtp"))|};""")]
    [InlineData("""var smtp = config.GetSection("Smtp"); MailClient c = {|#0:new(smtp)|};""")]
    [InlineData("""services.AddSingleton({|#0:new PrimaryMailClient(config.GetSection("Smtp"))|});""")]
    public Task SectionPassedToOwnMethod_ThatBindsIt_ReportsTheCall(string body)
        => RunWithMailExtensionsAsync(body, Bound(), OnCall());

    [Fact]
    public Task SectionPassedToOwnMethod_ThatBindsBelowIt_ReportsTheCall()
        => new Test()
            .WithSource(Sources.InMethod("""var o = {|#0:MailExtensions.Nested(config.GetSection("Mail"))|};""", SmtpOptions))
            .WithSource(Sources.Usings + MailExtensions)
            .WithSettings("appsettings.json", """{ "Mail": { "Smtp": { "Password": {|#1:"hunter2-Mail"|} } } }""")
            .Expect(Bound(), OnCall())
            .RunAsync();

    [Theory]
    [InlineData("""services.AddMail(config.GetSection("Other"));""")]
    [InlineData("""var h = MailExtensions.HostOf(config.GetSection("Smtp"));""")]
    [InlineData("""var p = MailExtensions.PasswordOf(config.GetSection("Smtp").GetSection("Host"));""")]
    // One level deep: a method that hands its parameter on is not followed.
    [InlineData("""MailExtensions.PassOn(services, config.GetSection("Smtp"));""")]
    [InlineData("""var c = new MailClient(config.GetSection("Smtp"), 587);""")]
    [InlineData("""var c = new MailClient(config.GetSection("Other"));""")]
    public Task SectionPassedToOwnMethod_ThatReadsNoSecretThere_LeavesTheSecretUnbound(string body)
        => RunWithMailExtensionsAsync(body, Unbound());

    // Section names handed to the application's own methods as strings: the call's constant (or the parameter's
    // default) fills in the key the method reads with it, and the finding is reported on that call.
    private const string SectionNameExtensions = """
        public static class SmtpExtensions
        {
            public static IServiceCollection AddSmtp(this IServiceCollection services, IConfiguration configuration, string sectionName = "Smtp")
            {
                services.Configure<SmtpOptions>(configuration.GetSection(sectionName));
                return services;
            }

            public static IServiceCollection AddSmtpOptions(this IServiceCollection services, string sectionName)
            {
                services.AddOptions<SmtpOptions>().BindConfiguration(sectionName);
                return services;
            }

            public static string? ValueOf(IConfiguration configuration, string section, string key) => configuration.GetSection(section)[key];

            public static string? PasswordBelow(IConfiguration parent, string name) => parent.GetSection(name)["Password"];

            public static void PassOn(IServiceCollection services, IConfiguration configuration, string name) => services.AddSmtp(configuration, name);

            // Generic settings helpers: each call's type argument is bound.
            public static T Load<T>(IConfiguration configuration, string sectionName) where T : new()
            {
                var settings = new T();
                configuration.GetSection(sectionName).Bind(settings);
                return settings;
            }

            public static IServiceCollection AddSettings<T>(this IServiceCollection services, string sectionName) where T : class
            {
                services.AddOptions<T>().BindConfiguration(sectionName);
                return services;
            }

            public static IServiceCollection AddSmtpSettings<T>(this IServiceCollection services, IConfiguration configuration) where T : class
                => services.Configure<T>(configuration.GetSection("Smtp"));
        }

        public sealed class HostOnly
        {
            public string Host { get; set; } = "";
        }

        public sealed class SmtpClientFactory
        {
            public SmtpClientFactory(IConfiguration configuration, string sectionName) => Password = configuration.GetSection(sectionName).GetValue<string>("Password");

            public string? Password { get; }
        }
        """;

    private static Task RunWithSectionNameExtensionsAsync(string body, string json, params DiagnosticResult[] expected)
        => new Test()
            .WithSource(Sources.InMethod(body, SmtpOptions))
            .WithSource(Sources.Usings + SectionNameExtensions)
            .WithSettings("appsettings.json", json)
            .Expect(expected)
            .RunAsync();

    [Theory]
    [InlineData("""{|#0:services.AddSmtp(config)|};""")]
    [InlineData("""{|#0:services.AddSmtp(config, "Smtp")|};""")]
    [InlineData("""{|#0:SmtpExtensions.AddSmtp(services, sectionName: "smtp", configuration: config)|};""")]
    [InlineData("""{|#0:services.AddSmtpOptions(nameof(Smtp))|};""")]
    [InlineData("""var p = {|#0:SmtpExtensions.ValueOf(config, "Smtp", "Password")|};""")]
    [InlineData("""var p = {|#0:SmtpExtensions.PasswordBelow(config, "Smtp")|};""")]
    [InlineData("""var f = {|#0:new SmtpClientFactory(config, "Smtp")|};""")]
    [InlineData("""var o = {|#0:SmtpExtensions.Load<SmtpOptions>(config, "Smtp")|};""")]
    [InlineData("""{|#0:services.AddSettings<SmtpOptions>("Smtp")|};""")]
    [InlineData("""{|#0:services.AddSmtpSettings<SmtpOptions>(config)|};""")]
    public Task SectionNamePassedToOwnMethod_ThatReadsWithIt_ReportsTheCall(string body)
        => RunWithSectionNameExtensionsAsync(body + " static void Smtp() { }", SmtpJson, Bound(), OnCall());

    [Theory]
    [InlineData("""{|#0:services.AddSmtp(config.GetSection("Mail"), "Smtp")|};""")]
    [InlineData("""{|#0:services.AddSmtp(config, "Mail:Smtp")|};""")]
    [InlineData("""var p = {|#0:SmtpExtensions.PasswordBelow(config.GetRequiredSection("Mail"), "Smtp")|};""")]
    public Task SectionNamePassedToOwnMethod_BelowAPassedSection_ReportsTheCall(string body)
        => RunWithSectionNameExtensionsAsync(body, """{ "Mail": { "Smtp": { "Password": {|#1:"hunter2-Mail"|} } } }""", Bound(), OnCall());

    [Theory]
    [InlineData("""services.AddSmtp(config, "Other");""")]
    [InlineData("""services.AddSmtp(config.GetSection("Other"));""")]
    [InlineData("""services.AddSmtp(config, config["SmtpSection"]!);""")]
    [InlineData("""var p = SmtpExtensions.ValueOf(config, "Smtp", "Host");""")]
    [InlineData("""var p = SmtpExtensions.ValueOf(config, "Password", "Smtp");""")]
    [InlineData("""var o = SmtpExtensions.Load<HostOnly>(config, "Smtp");""")]
    [InlineData("""var o = SmtpExtensions.Load<SmtpOptions>(config, "Other");""")]
    [InlineData("""services.AddSmtpSettings<HostOnly>(config);""")]
    // One level deep: a method that hands its string parameter on is not followed.
    [InlineData("""SmtpExtensions.PassOn(services, config, "Smtp");""")]
    // Declared but never called: nothing says which section it reads.
    [InlineData("")]
    public Task SectionNamePassedToOwnMethod_ThatReadsNoSecretThere_LeavesTheSecretUnbound(string body)
        => RunWithSectionNameExtensionsAsync(body, SmtpJson, Unbound());

    // Settings helpers of another project of the solution (or a package): their bodies are not visible, so a generic
    // helper handed a section name or a section is taken to bind its type argument there.
    private static readonly MetadataReference s_settingsHelpersLibrary = LibraryAssembly.Compile("Shop.Core", """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        namespace Shop.Core;

        public static class OptionsRegistration
        {
            public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string sectionName) where T : class
                => services.AddOptions<T>().BindConfiguration(sectionName);

            public static IServiceCollection AddDefaultSmtpOptions<T>(this IServiceCollection services, IConfiguration configuration, string configSectionPath = "Smtp") where T : class
                => services.Configure<T>(configuration.GetSection(configSectionPath));

            public static T GetSettings<T>(this IConfiguration configuration, string section) where T : new()
            {
                var settings = new T();
                configuration.GetSection(section).Bind(settings);
                return settings;
            }

            public static T BindOptions<T>(this IConfiguration section) where T : new()
            {
                var settings = new T();
                section.Bind(settings);
                return settings;
            }

            public static T BindSection<T>(IConfiguration section) where T : new() => section.BindOptions<T>();

            public static T GetRequiredValue<T>(this IConfiguration configuration, string key)
                => configuration.GetValue<T>(key) ?? throw new System.InvalidOperationException(key + " is not set");

            public static T Resolve<T>(this IServiceCollection services, string name) where T : class => null!;

            public static T FromCache<T>(string key) where T : class => null!;

            public static void Register<T>(IConfiguration configuration) where T : class { }
        }
        """);

    [Theory]
    [InlineData("""{|#0:services.AddValidatedOptions<SmtpOptions>("Smtp")|};""")]
    [InlineData("""{|#0:services.AddValidatedOptions<SmtpOptions>(sectionName: nameof(Smtp))|};""")]
    [InlineData("""{|#0:services.AddDefaultSmtpOptions<SmtpOptions>(config)|};""")]
    [InlineData("""var o = {|#0:config.GetSettings<SmtpOptions>("smtp")|};""")]
    [InlineData("""var o = {|#0:config.GetSection("Mail").GetSettings<SmtpOptions>("Smtp")|};""")]
    [InlineData("""var o = {|#0:config.GetSection("Smtp").BindOptions<SmtpOptions>()|};""")]
    [InlineData("""var smtp = config.GetSection("Smtp"); var o = {|#0:OptionsRegistration.BindSection<SmtpOptions>(smtp)|};""")]
    [InlineData("""var p = {|#0:config.GetRequiredValue<string>("Smtp:Password")|};""")]
    [InlineData("""var p = {|#0:config.GetSection("Smtp").GetRequiredValue<string>("Password")|};""")]
    public Task GenericSettingsHelperOfAnotherAssembly_ReportsTheCall(string body)
    {
        var json = body.Contains("Mail") ? """{ "Mail": { "Smtp": { "Password": {|#1:"hunter2-Mail"|} } } }""" : SmtpJson;
        return RunWithSettingsHelpersAsync(body + " static void Smtp() { }", json, Bound(), OnCall());
    }

    [Theory]
    [InlineData("""services.AddValidatedOptions<SmtpOptions>("Other");""")]
    [InlineData("""services.AddValidatedOptions<HostOnly>("Smtp");""")]
    [InlineData("""services.AddValidatedOptions<SmtpOptions>(config["SmtpSection"]!);""")]
    [InlineData("""services.AddDefaultSmtpOptions<SmtpOptions>(config, "Mail");""")]
    [InlineData("""services.AddDefaultSmtpOptions<SmtpOptions>(config.GetSection("Mail"));""")]
    [InlineData("""var o = config.GetSettings<SmtpOptions>("Other");""")]
    [InlineData("""var p = config.GetRequiredValue<string>("Smtp:Host");""")]
    // The root handed over: the helper may read anything or nothing.
    [InlineData("""var o = config.BindOptions<SmtpOptions>();""")]
    // Names that are not sections: a service name, a cache key without a configuration.
    [InlineData("""var o = services.Resolve<SmtpOptions>("Smtp");""")]
    [InlineData("""var o = OptionsRegistration.FromCache<SmtpOptions>("Smtp");""")]
    [InlineData("""OptionsRegistration.Register<SmtpOptions>(config);""")]
    // The framework's own generic methods take names that are not sections.
    [InlineData("""services.AddOptions<SmtpOptions>("Smtp");""")]
    [InlineData("""services.AddOptionsWithValidateOnStart<SmtpOptions>("Smtp");""")]
    public Task GenericSettingsHelperOfAnotherAssembly_ThatBindsNoSecret_LeavesTheSecretUnbound(string body)
        => RunWithSettingsHelpersAsync(body, SmtpJson, Unbound());

    private static Task RunWithSettingsHelpersAsync(string body, string json, params DiagnosticResult[] expected)
        => new Test()
            .WithReference(s_settingsHelpersLibrary)
            .WithSource("using Shop.Core;\n" + Sources.InMethod(body, SmtpOptions + "public sealed class HostOnly { public string Host { get; set; } = \"\"; }"))
            .WithSettings("appsettings.json", json)
            .Expect(expected)
            .RunAsync();

    // The binder sets static properties too (Microsoft.Extensions.Configuration.Binder 10).
    [Fact]
    public Task StaticProperty_OfBoundOptions_IsBound()
        => RunAsync(
            """var o = {|#0:config.GetSection("Smtp").Get<StaticSmtpOptions>()|};""",
            SmtpJson,
            "public sealed class StaticSmtpOptions { public string Host { get; set; } = \"\"; public static string Password { get; set; } = \"\"; }",
            Bound(),
            OnCall());

    [Fact]
    public Task StaticProperty_OfAnotherType_LeavesTheSecretUnbound()
        => RunAsync(
            """var o = config.GetSection("Smtp").Get<HostOnly>();""",
            SmtpJson,
            "public sealed class HostOnly { public string Host { get; set; } = \"\"; } public static class Holder { public static string Password { get; set; } = \"\"; }",
            Unbound());

    // BinderOptions.BindNonPublicProperties: the binder then binds properties whose getter is not public too.
    private const string PrivateSmtpOptions = """
        public sealed class PrivateSmtpOptions
        {
            public string Host { get; set; } = "";
            internal string Password { get; set; } = "";
        }
        """;

    [Theory]
    [InlineData("""var o = {|#0:config.GetSection("Smtp").Get<PrivateSmtpOptions>(o => o.BindNonPublicProperties = true)|};""")]
    [InlineData("""var o = new PrivateSmtpOptions(); {|#0:config.GetSection("Smtp").Bind(o, b => { b.ErrorOnUnknownConfiguration = true; b.BindNonPublicProperties = true; })|};""")]
    [InlineData("""var o = {|#0:config.GetSection("Smtp").Get(typeof(PrivateSmtpOptions), delegate (BinderOptions b) { b.BindNonPublicProperties = true; })|};""")]
    [InlineData("""{|#0:services.Configure<PrivateSmtpOptions>(config.GetSection("Smtp"), o => o.BindNonPublicProperties = true)|};""")]
    [InlineData("""{|#0:services.AddOptions<PrivateSmtpOptions>().Bind(config.GetSection("Smtp"), o => o.BindNonPublicProperties = true)|};""")]
    [InlineData("""{|#0:services.AddOptions<PrivateSmtpOptions>().BindConfiguration("Smtp", o => o.BindNonPublicProperties = true)|};""")]
    public Task BindNonPublicProperties_BindsNonPublicProperties(string body)
        => RunAsync(body, SmtpJson, PrivateSmtpOptions, Bound(), OnCall());

    [Theory]
    [InlineData("""var o = config.GetSection("Smtp").Get<PrivateSmtpOptions>();""", PrivateSmtpOptions)]
    [InlineData("""var o = config.GetSection("Smtp").Get<PrivateSmtpOptions>(o => o.BindNonPublicProperties = false);""", PrivateSmtpOptions)]
    [InlineData("""var o = config.GetSection("Smtp").Get<PrivateSmtpOptions>(o => o.ErrorOnUnknownConfiguration = true);""", PrivateSmtpOptions)]
    [InlineData("""services.Configure<PrivateSmtpOptions>(config.GetSection("Smtp"));""", PrivateSmtpOptions)]
    [InlineData("""var o = config.GetSection("Other").Get<PrivateSmtpOptions>(o => o.BindNonPublicProperties = true);""", PrivateSmtpOptions)]
    [InlineData("""var o = config.GetSection("Smtp").Get<GetterOnlyPrivate>();""", "public sealed class GetterOnlyPrivate { public string Host { get; set; } = \"\"; public string Password { private get; set; } = \"\"; }")]
    public Task NonPublicProperties_WithoutTheOption_LeaveTheSecretUnbound(string body, string types)
        => RunAsync(body, SmtpJson, types, Unbound());

    // Collections of options bind each element under its index (Clients:0:ClientSecret) or dictionary key.
    private const string ClientsJson = """{ "Clients": [ { "Name": "orders", "ClientSecret": {|#1:"c9XvT2-qP7wLm4-Rz8N"|} } ] }""";

    private const string ClientTypes = """
        public sealed class ClientOptions { public string Name { get; set; } = ""; public string ClientSecret { get; set; } = ""; }
        public sealed class ClientName { public string Name { get; set; } = ""; }
        """;

    [Theory]
    [InlineData("""var c = {|#0:config.GetSection("Clients").Get<List<ClientOptions>>()|};""")]
    [InlineData("""var c = {|#0:config.GetSection("Clients").Get<ClientOptions[]>()|};""")]
    [InlineData("""var c = {|#0:config.GetSection("Clients").Get<IReadOnlyList<ClientOptions>>()|};""")]
    [InlineData("""var c = {|#0:config.GetSection("Clients").Get<Dictionary<string, ClientOptions>>()|};""")]
    [InlineData("""var c = new List<ClientOptions>(); {|#0:config.GetSection("Clients").Bind(c)|};""")]
    [InlineData("""{|#0:services.Configure<List<ClientOptions>>(config.GetSection("Clients"))|};""")]
    public Task CollectionOfOptions_WithSecretMember_BindsEachElement(string body)
        => RunAsync(body, ClientsJson, ClientTypes, Bound(), OnCall());

    [Theory]
    [InlineData("""var c = config.GetSection("Clients").Get<List<string>>();""")]
    [InlineData("""var c = config.GetSection("Clients").Get<List<ClientName>>();""")]
    [InlineData("""var c = config.GetSection("Clients").Get<ClientOptions>();""")]
    [InlineData("""var c = config.GetSection("Other").Get<List<ClientOptions>>();""")]
    public Task CollectionWithoutTheSecretMember_LeavesTheSecretUnbound(string body)
        => RunAsync(body, ClientsJson, ClientTypes, Unbound());

    [Fact]
    public Task DictionaryDerivedOptions_BindEveryEntry()
        => RunAsync(
            """{|#0:services.Configure<QuartzOptions>(config.GetSection("Quartz"))|};""",
            """
            { "Quartz": { "quartz.dataSource.payroll.provider": "Npgsql", "quartz.dataSource.payroll.connectionString": {|#1:"Host=pg;Database=quartz;Username=quartz;Password=Wv4!pZ8q-Lk2Tn"|} } }
            """,
            "public class QuartzOptions : Dictionary<string, string?> { public string? SchedulerName { get => this[\"quartz.scheduler.instanceName\"]; set => this[\"quartz.scheduler.instanceName\"] = value; } }",
            Test.Diagnostic("KMS1002").WithLocation(0).WithLocation(1).WithArguments("Quartz:quartz.dataSource.payroll.connectionString", "appsettings.json", "1,109"));
}
