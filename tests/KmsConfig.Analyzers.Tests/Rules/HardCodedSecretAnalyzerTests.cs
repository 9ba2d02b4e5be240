using KmsConfig.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Test = KmsConfig.Analyzers.Tests.Infrastructure.KmsAnalyzerTest<KmsConfig.Analyzers.Rules.HardCodedSecretAnalyzer>;

namespace KmsConfig.Analyzers.Tests.Rules;

public sealed class HardCodedSecretAnalyzerTests
{
    private const string SmtpOptions = """
        public sealed class SmtpOptions
        {
            public string Host { get; set; } = "";
            public int Port { get; set; }
            public string Password { get; set; } = "";
            public string ApiKeyHeaderName { get; set; } = "";
            public string ClientId { get; set; } = "";
        }
        """;

    private static Task RunAsync(string body, params DiagnosticResult[] expected)
        => new Test().WithSource(Sources.InMethod(body, SmtpOptions + UseDatabase)).Expect(expected).RunAsync();

    private const string UseDatabase = """

        public static partial class Startup
        {
            public static void UseDatabase(string connectionString) { }
        }
        """;

    private static DiagnosticResult At(int location) => Test.Diagnostic("KMS1005").WithLocation(location);

    [Fact]
    public Task InMemoryDictionary_IndexInitializer_IsReported()
        => RunAsync(
            """
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "smtp.example.com",
                ["Smtp:Password"] = {|#0:"hunter2!x"|},
            });
            """,
            At(0).WithArguments("Smtp.Password"));

    [Fact]
    public Task InMemoryDictionary_CollectionInitializerThroughLocal_IsReported()
        => RunAsync(
            """
            var data = new Dictionary<string, string?> { { "ConnectionStrings:Default", {|#0:"Server=db;User Id=app;Password=Pa55w0rd!"|} }, { "Logging:LogLevel:Default", "Debug" } };
            new ConfigurationBuilder().AddInMemoryCollection(data);
            """,
            At(0));

    [Fact]
    public Task InMemoryKeyValuePairs_AreReported()
        => RunAsync(
            """
            new ConfigurationBuilder().AddInMemoryCollection(new[] { new KeyValuePair<string, string?>("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|}) });
            """,
            At(0));

    [Theory]
    [InlineData("""new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|})]);""")]
    [InlineData("""new ConfigurationBuilder().AddInMemoryCollection(new KeyValuePair<string, string?>[] { new("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|}) });""")]
    [InlineData("""KeyValuePair<string, string?>[] pairs = [new("Api:Url", "https://api"), new("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|})]; new ConfigurationBuilder().AddInMemoryCollection(pairs);""")]
    [InlineData("""List<KeyValuePair<string, string?>> pairs = [new("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|})]; new ConfigurationBuilder().AddInMemoryCollection(pairs);""")]
    [InlineData("""new ConfigurationBuilder().AddInMemoryCollection(new List<KeyValuePair<string, string?>> { new("Api:Url", "https://api"), new("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|}) });""")]
    [InlineData("""var pairs = new List<KeyValuePair<string, string?>> { new KeyValuePair<string, string?>("Api:ApiKey", {|#0:"Zx81-kLm29-QpR7t-Wv5Yb"|}) }; new ConfigurationBuilder().AddInMemoryCollection(pairs);""")]
    public Task InMemoryKeyValuePairs_InCollectionExpressionsOrTargetTyped_AreReported(string body)
        => RunAsync(body, At(0));

    [Fact]
    public Task InMemoryKeyValuePairs_InCollectionExpression_WithoutSecrets_AreNotReported()
        => RunAsync("""new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("Api:ApiKeyHeader", "X-Api-Key"), new("Api:Url", "https://api")]);""");

    [Fact]
    public Task ConfigurationIndexerAssignment_IsReported()
        => RunAsync("""config["Jwt:Secret"] = {|#0:"9f8e7d6c5b4a39281706f5e4d3c2b1a0"|};""", At(0));

    [Fact]
    public Task IndexerAssignmentOnSection_UsesTheFullPath()
        => RunAsync("""var db = config.GetSection("Db"); db["Password"] = {|#0:"hunter2!x"|};""", At(0).WithArguments("Db.Password"));

    [Fact]
    public Task IndexerAssignmentOnSectionField_UsesTheFullPath()
        => new Test()
            .WithSource(Sources.Usings + """
                public sealed class Seeder(IConfiguration config)
                {
                    private readonly IConfigurationSection _db = config.GetSection("Db");
                    public void Seed() { _db["Host"] = "db.internal"; this._db["Password"] = {|#0:"hunter2!x"|}; }
                }
                """)
            .Expect(At(0).WithArguments("Db.Password"))
            .RunAsync();

    [Fact]
    public Task IndexerAssignmentOnKmsConfigSectionField_IsNotReported()
        => new Test()
            .WithSource(Sources.Usings + """
                public sealed class Seeder
                {
                    private readonly IConfigurationSection _kms;
                    public Seeder(IConfiguration config) { _kms = config.GetSection("KmsConfig"); }
                    public void Seed() { _kms["Password"] = "hunter2!x"; }
                }
                """)
            .RunAsync();

    [Fact]
    public Task OptionsLambda_AssigningSecretLiteral_IsReported()
        => RunAsync("""services.Configure<SmtpOptions>(o => { o.Host = "smtp"; o.Password = {|#0:"hunter2!x"|}; });""", At(0).WithArguments("SmtpOptions.Password"));

    [Fact]
    public Task OptionsBuilderConfigure_AssigningSecretLiteral_IsReported()
        => RunAsync("""services.AddOptions<SmtpOptions>().Configure(o => o.Password = {|#0:"hunter2!x"|});""", At(0));

    [Fact]
    public Task OptionsInitializer_AssigningSecretLiteral_IsReported()
        => RunAsync("""var o = new SmtpOptions { Host = "smtp", Password = {|#0:"hunter2!x"|} };""", At(0));

    // The key half of a pair (ConsumerKey beside ConsumerSecret) names the app in C# as in a settings file; the secret half
    // is reported. Held-out set 17.
    [Fact]
    public Task PairKeyHalf_InATypeWithTheSecretHalf_IsNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var sf = new SalesforceOptions { ConsumerKey = "3MVG9A2kN8Bx7Lq4Zp1Rt6Wv3Yc9Hd5Jf2Gs8Km", ConsumerSecret = {|#0:"9F3A7C1E5B2D8F4A6C0E"|} };
                var other = new ApiOnlyOptions { ConsumerKey = {|#1:"3MVG9A2kN8Bx7Lq4Zp1Rt6Wv3Yc9Hd5Jf2Gs8Km"|} };
                """,
                """
                public sealed class SalesforceOptions
                {
                    public string ConsumerKey { get; set; } = "";
                    public string ConsumerSecret { get; set; } = "";
                }

                public sealed class ApiOnlyOptions
                {
                    public string ConsumerKey { get; set; } = "";
                }
                """))
            .Expect(At(0).WithArguments("SalesforceOptions.ConsumerSecret"), At(1).WithArguments("ApiOnlyOptions.ConsumerKey"))
            .RunAsync();

    private const string DashboardUser = """
        public sealed class DashboardUser
        {
            public string Login { get; set; } = "";
            public string PasswordClear { get; set; } = "";
            public string PasswordPlain { get; set; } = "";
            public int PasswordRequiredLength { get; set; }
            public string PasswordHashAlgorithm { get; set; } = "";
            public string PasswordResetUrl { get; set; } = "";
        }
        """;

    [Fact]
    public Task PasswordFollowedByFormQualifier_InInitializerOrLambda_IsReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var users = new List<DashboardUser> { new DashboardUser { Login = "breakglass", PasswordClear = {|#0:"Bg!7f3kQ9z-2024"|} } };
                services.Configure<DashboardUser>(u => u.PasswordPlain = {|#1:"j4vQUXJhtRy%a*"|});
                """,
                DashboardUser))
            .Expect(At(0).WithArguments("DashboardUser.PasswordClear"), At(1).WithArguments("DashboardUser.PasswordPlain"))
            .RunAsync();

    [Fact]
    public Task PasswordSettings_AndPlaceholdersInQualifiedNames_AreNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var user = new DashboardUser { Login = "ops", PasswordRequiredLength = 12, PasswordHashAlgorithm = "Pbkdf2Sha512x9Q", PasswordResetUrl = "https://ops.example.com/reset" };
                services.Configure<DashboardUser>(u => { u.PasswordClear = "${DASHBOARD_PASSWORD}"; u.PasswordPlain = config["Dashboard:Password"]!; });
                """,
                DashboardUser))
            .RunAsync();

    [Fact]
    public Task NonSecretsAndIndirectValues_AreNotReported()
        => RunAsync(
            """
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "smtp.example.com",
                ["Smtp:Password"] = "",
                ["Smtp:Password2"] = Environment.GetEnvironmentVariable("SMTP_PASSWORD"),
                ["Jwt:TokenExpiryMinutes"] = "30",
                ["Api:ApiKeyHeaderName"] = "X-Api-Key",
                ["Db:Password"] = "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA",
                ["Deploy:Password"] = "${DB_PASSWORD}",
            });
            config["FeatureManagement:NewCheckout"] = "true";
            config["Smtp:Password"] = Environment.GetEnvironmentVariable("SMTP_PASSWORD");
            services.Configure<SmtpOptions>(o => { o.Port = 587; o.ApiKeyHeaderName = "X-Api-Key"; o.ClientId = "orders-web"; o.Password = config["Smtp:Password"]!; });
            """);

    [Fact]
    public Task AssignmentToSecretProperty_OfAnyObject_IsReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """var h = new Holder(); h.Password = {|#0:"hunter2!x"|}; Action<Holder> a = x => x.ApiToken = {|#1:"c9XvT2qP7wLm4Rz8NbY3"|};""",
                "public sealed class Holder { public string Password { get; set; } = \"\"; public string ApiToken { get; set; } = \"\"; }"))
            .Expect(At(0).WithArguments("Holder.Password"), At(1).WithArguments("Holder.ApiToken"))
            .RunAsync();

    private const string CertOptions = """
        public sealed class OpcUaOptions { public string? Password { get; set; } public string? ApiKey { get; set; } public string? Host { get; set; } public Cert Cert { get; set; } = new(); }
        public sealed class Cert { public string? Password { get; set; } }
        """;

    // Held-out set 19: ??= writes its literal whenever the target is null, as = does; a literal branch of ?? or ?: is
    // written when it is taken. Each is reported at the literal.
    [Fact]
    public Task CoalescingAndConditionalWrites_OfASecretLiteral_AreReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                services.PostConfigure<OpcUaOptions>(o => o.Cert.Password ??= {|#0:"Xk29vLq8Rt4mZc"|});
                services.Configure<OpcUaOptions>(o => o.ApiKey ??= {|#1:"Xk29vLq8Rt4mZf7Hq2Lw"|});
                var x = new OpcUaOptions();
                x.Password ??= {|#2:"Xk29vLq8Rt4mZh"|};
                x.Password = x.Password ?? {|#3:"Xk29vLq8Rt4mZi"|};
                x.Password = x.Host is null ? {|#4:"Xk29vLq8Rt4mZj"|} : x.Cert.Password;
                config["Db:Password"] ??= {|#5:"Xk29vLq8Rt4mZk"|};
                """,
                CertOptions))
            .Expect(
                At(0).WithArguments("Cert.Password"),
                At(1).WithArguments("OpcUaOptions.ApiKey"),
                At(2).WithArguments("OpcUaOptions.Password"),
                At(3).WithArguments("OpcUaOptions.Password"),
                At(4).WithArguments("OpcUaOptions.Password"),
                At(5).WithArguments("Db.Password"))
            .RunAsync();

    [Fact]
    public Task InitializerWithALiteralFallback_IsReportedAtTheLiteral()
        => new Test()
            .WithSource(Sources.Usings + """
                public sealed class OpcUaClient
                {
                    public string? Password { get; set; } = Environment.GetEnvironmentVariable("OPC_PASSWORD") ?? {|#0:"Xk29vLq8Rt4mZc"|};
                    private readonly string _apiKey = Environment.GetEnvironmentVariable("OPC_API_KEY") ?? "";
                    private readonly string _host = Environment.GetEnvironmentVariable("OPC_HOST") ?? "Xk29vLq8Rt4mZc";
                }
                """)
            .Expect(At(0).WithArguments("OpcUaClient.Password"))
            .RunAsync();

    [Fact]
    public Task CoalescingWrites_OfNonSecretsOrNonLiterals_AreNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                services.PostConfigure<OpcUaOptions>(o => o.Cert.Password ??= "");
                services.Configure<OpcUaOptions>(o => o.ApiKey ??= "your-api-key");
                var x = new OpcUaOptions();
                x.Password ??= "${OPC_PASSWORD}";
                x.Password ??= "12345678";
                x.ApiKey ??= "https://vault.example.com/v1/secret/data/opc";
                x.Password ??= Environment.GetEnvironmentVariable("OPC_PASSWORD");
                x.Password = x.Password ?? config["Opc:Password"];
                x.Password = x.Host is null ? "" : x.Cert.Password;
                x.Host ??= "Xk29vLq8Rt4mZc";
                config["Db:Password"] ??= Environment.GetEnvironmentVariable("DB_PASSWORD");
                config["Db:Host"] ??= "Xk29vLq8Rt4mZk";
                """,
                CertOptions))
            .RunAsync();

    [Fact]
    public Task SecretNamedParameter_WithLiteral_IsReported()
        => RunAsync(
            """var credential = new System.Net.NetworkCredential("mailer", {|#0:"Sm7p-P4ss!"|});""",
            At(0).WithArguments("NetworkCredential(password)"));

    // Held-out set 21: a PIN-like password of digits given to a password parameter is a secret; a run is a dummy.
    [Fact]
    public Task DigitsPassedAsPassword_AreReportedUnlessADummy()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var credential = new System.Net.NetworkCredential("mailer", {|#0:"98127634"|});
                var session = new HsmSession(1, {|#1:"98127634"|});
                var named = new HsmSession(2, partitionPassword: {|#2:"481516"|});
                var dummy = new System.Net.NetworkCredential("mailer", "123456");
                var slot = new HsmSession(3, null, "98127634");
                """,
                """
                public sealed class HsmSession
                {
                    public HsmSession(int slot, string? partitionPassword, string? label = null) { }
                }
                """))
            .Expect(
                At(0).WithArguments("NetworkCredential(password)"),
                At(1).WithArguments("HsmSession(partitionPassword)"),
                At(2).WithArguments("HsmSession(partitionPassword)"))
            .RunAsync();

    [Fact]
    public Task SymmetricSigningKeyFromLiteral_IsReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes({|#0:"ThisIsMySuperSecretSigningKey123!"|}));""",
                "public sealed class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }"))
            .Expect(At(0).WithArguments("SymmetricSecurityKey"))
            .RunAsync();

    [Theory]
    [InlineData("integration-tests-signing-key-not-for-production-use")]
    [InlineData("this-is-a-local-development-signing-key-only")]
    public Task SymmetricSigningKeyFromStandInPhrase_IsNotReported(string phrase)
        => new Test()
            .WithSource(Sources.InMethod(
                "var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(\"" + phrase + "\"));",
                "public sealed class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }"))
            .RunAsync();

    // Held-out set 19: a constant whose own name says secret is reported once, at its literal, also when a signing key is
    // built from it; a neutral one where the key is built. Convert.FromBase64String is followed as Encoding.GetBytes is.
    [Fact]
    public Task SigningKeyFromConstant_IsReportedOnce()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                using var h1 = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Constants.ReminderHmacKey));
                using var h2 = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes({|#1:Constants.NeutralBytes|}));
                using var h3 = new System.Security.Cryptography.HMACSHA256(Convert.FromBase64String(Constants.WebhookSecret));
                using var h4 = new System.Security.Cryptography.HMACSHA512(Convert.FromBase64String({|#3:Constants.Material|}));
                var key = new SymmetricSecurityKey(Convert.FromBase64String({|#4:"jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ="|}));
                var empty = new SymmetricSecurityKey(Convert.FromBase64String(""));
                """,
                """
                public static class Constants
                {
                    public const string ReminderHmacKey = {|#0:"FDskf45eURuaKk2bqIvWErmsAqd8xY1Z"|};
                    public const string NeutralBytes = "Hb8sPq2LmX0vRt6yWc4zNk1jGf5dSa3E";
                    public const string WebhookSecret = {|#2:"jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ="|};
                    public const string Material = "kH7vQ2xLm9Rt4Wb8Nc1Yd6Zs3Pf5Gj0A8uE2rT6yI9o=";
                }
                public sealed class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }
                """))
            .Expect(
                At(0).WithArguments("Constants.ReminderHmacKey"),
                At(1).WithArguments("HMACSHA256"),
                At(2).WithArguments("Constants.WebhookSecret"),
                At(3).WithArguments("HMACSHA512"),
                At(4).WithArguments("SymmetricSecurityKey"))
            .RunAsync();

    // Held-out set 20: an HMAC key is as often hex or a UTF-8 literal as text, and HMAC's static HashData takes the key
    // as an argument; every HMAC type counts. The key is classified as one built with Encoding.GetBytes is.
    [Fact]
    public Task HmacKeyFromHexUtf8OrHashData_IsReported()
        => RunAsync(
            """
            var data = new byte[] { 1, 2, 3 };
            using var h1 = new System.Security.Cryptography.HMACSHA256(Convert.FromHexString({|#0:"e507a320f66ef5ad2a4d1790df2ca658ac152062067c3469b50b29818c961557"|}));
            using var h2 = new System.Security.Cryptography.HMACSHA512({|#1:"Zq4mR8vT2xLp6Nc0Kb9WqLm3"u8|}.ToArray());
            var mac1 = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes({|#2:"Lq8vR2zX5nM9tK3wP7cB1hJ6"|}), data);
            var mac2 = System.Security.Cryptography.HMACSHA256.HashData(source: data, key: Convert.FromHexString({|#3:"b8a6d5319edccaf48e7c94695adf6fa29171a628f5b420ff5126f665160e9793"|}));
            var mac3 = System.Security.Cryptography.HMACSHA384.HashData({|#4:"Hq2Zr7Lm3Vn9Tb4Fh8KqWc6Y"u8|}, data);
            using var h3 = new System.Security.Cryptography.HMACSHA1(System.Text.Encoding.ASCII.GetBytes({|#5:"Tb4Fh8Kq2Zr7Lm3Vn9HqXw"|}));
            using var h4 = new System.Security.Cryptography.HMACMD5(Convert.FromBase64String({|#6:"nYuGgzb3t5dRAddSCcXJ6hHjl/xUZ6bYxSfuar5CcTU="|}));
            using var h5 = new System.Security.Cryptography.HMACSHA3_256(Convert.FromHexString({|#7:"3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a"|}));
            """,
            At(0).WithArguments("HMACSHA256"),
            At(1).WithArguments("HMACSHA512"),
            At(2).WithArguments("HMACSHA256.HashData"),
            At(3).WithArguments("HMACSHA256.HashData"),
            At(4).WithArguments("HMACSHA384.HashData"),
            At(5).WithArguments("HMACSHA1"),
            At(6).WithArguments("HMACMD5"),
            At(7).WithArguments("HMACSHA3_256"));

    // A key read from elsewhere, a zero or short hex filler and a placeholder are not reported; neither is the data that
    // HashData signs, nor a hash that takes no key.
    [Fact]
    public Task HmacKeyFromNonLiteralOrFiller_IsNotReported()
        => RunAsync(
            """
            var data = new byte[] { 1, 2, 3 };
            var keyBytes = Convert.FromHexString(Environment.GetEnvironmentVariable("HMAC_KEY")!);
            var mac1 = System.Security.Cryptography.HMACSHA256.HashData(keyBytes, data);
            var mac2 = System.Security.Cryptography.HMACSHA256.HashData(keyBytes, System.Text.Encoding.UTF8.GetBytes("Lq8vR2zX5nM9tK3wP7cB1hJ6"));
            var mac3 = System.Security.Cryptography.HMACSHA256.HashData(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"), data);
            using var h1 = new System.Security.Cryptography.HMACSHA256(Convert.FromHexString("abcd"));
            using var h2 = new System.Security.Cryptography.HMACSHA512("your-hmac-key"u8.ToArray());
            var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("Lq8vR2zX5nM9tK3wP7cB1hJ6"));
            """,
            Array.Empty<DiagnosticResult>());

    // Held-out set 19: a name that says in what form the secret is kept (SigningKeyB64, WebhookSecretHex, ApiKeyBytes) says
    // secret as the name alone does, so the constant is reported once, at its literal.
    [Fact]
    public Task SigningKeyFromConstantNamedWithItsEncoding_IsReportedOnce()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                using var h1 = new System.Security.Cryptography.HMACSHA256(Convert.FromBase64String(Defaults.SigningKeyB64));
                using var h2 = new System.Security.Cryptography.HMACSHA256(Convert.FromHexString(Defaults.WebhookSecretHex));
                """,
                """
                public static class Defaults
                {
                    public const string SigningKeyB64 = {|#0:"jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ="|};
                    public const string WebhookSecretHex = {|#1:"e507a320f66ef5ad2a4d1790df2ca658ac152062067c3469b50b29818c961557"|};
                    public const string CacheKeyHex = "b8a6d5319edccaf48e7c94695adf6fa2";
                }
                """))
            .Expect(At(0).WithArguments("Defaults.SigningKeyB64"), At(1).WithArguments("Defaults.WebhookSecretHex"))
            .RunAsync();

    // The key path of a secret, kept in a constant to read or override it by, is not the secret.
    [Fact]
    public Task ConstantHoldingASecretsKeyPath_IsNotReported()
        => new Test()
            .WithSource(Sources.Usings + """
                public static class SmsKeys
                {
                    private const string TwilioTokenKey = "Twilio:AuthToken";
                    public const string PartnerApiKeyKey = "Partners:Primary:ApiKey";
                    public static readonly string FirstClientSecret = "Clients:0:Secret";
                }
                """)
            .RunAsync();

    [Fact]
    public Task SecretFieldAndPropertyInitializers_AreReported()
        => new Test()
            .WithSource(Sources.Usings + """
                public static class Secrets
                {
                    private const string ApiKey = {|#0:"live_7Hc9Kq2LmX4pR8sT"|};
                    public const string SectionName = "Secrets";
                    public const string ApiKeyHeaderName = "X-Api-Key";
                    public const string PasswordClaimType = "pwd";
                }

                public sealed class MailSettings
                {
                    public string Password { get; set; } = {|#1:"hunter2!x"|};
                    public string UserName { get; set; } = "mailer";
                    public string Token { get; set; } = "";
                }
                """)
            .Expect(At(0).WithArguments("Secrets.ApiKey"), At(1).WithArguments("MailSettings.Password"))
            .RunAsync();

    [Fact]
    public Task LiteralsForNonSecretParametersAndSettings_AreNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var cache = new Dictionary<string, string>();
                cache.Add("orders-cache-prefix-v1", "x");
                cache.TryGetValue("ThisIsALongCacheKeyName2024", out _);
                var o = new IdentityLike();
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.TokenType = "Bearer";
                o.HeaderName = "Authorization";
                o.Issue(token: "", secretName: "orders-db-password", key: "ZxKq9Lm2Pq7RtW4vB8nY");
                """,
                """
                public sealed class PasswordRules { public int RequiredLength { get; set; } public bool RequireDigit { get; set; } }
                public sealed class IdentityLike
                {
                    public PasswordRules Password { get; } = new();
                    public string TokenType { get; set; } = "";
                    public string HeaderName { get; set; } = "";
                    public void Issue(string token, string secretName, string key) { }
                }
                """))
            .RunAsync();

    [Fact]
    public Task CredentialShapedLiteral_PassedToAnyCall_IsReported()
        => RunAsync(
            """
            Startup.UseDatabase({|#0:"Server=db;Database=app;User Id=app;Password=Pa55w0rd!"|});
            var uri = new Uri({|#1:"amqp://orders:9Kx2mP4q@rabbit:5672/"|});
            """,
            At(0).WithArguments("UseDatabase(connectionString)"),
            At(1).WithArguments("Uri(uriString)"));

    [Fact]
    public Task PlainConnectionStrings_PassedToCalls_AreNotReported()
        => RunAsync(
            """
            Startup.UseDatabase("Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True");
            Startup.UseDatabase("Host=db;Username=app;Password=" + Environment.GetEnvironmentVariable("PW"));
            var uri = new Uri("https://orders.internal:8443/api");
            """);

    [Fact]
    public Task EnvironmentVariable_WithSecretConfigurationKey_IsReported()
        => RunAsync(
            """
            Environment.SetEnvironmentVariable("Smtp__Password", {|#0:"hunter2!x"|});
            Environment.SetEnvironmentVariable("Smtp__Host", "smtp.example.com");
            """,
            At(0).WithArguments("Smtp.Password"));

    // A constant whose own name says secret is reported once, at its literal; a neutral one where it is used.
    [Fact]
    public Task SecretConstant_IsReportedAtItsLiteral_NotAgainWhereUsed()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var o = new SmtpOptions();
                o.Password = Defaults.SmtpPassword;
                o.Password = {|#1:Defaults.Fallback|};
                """,
                SmtpOptions + """

                public static class Defaults
                {
                    public const string SmtpPassword = {|#0:"Hv0rders-Smtp-Fallback-9f3Kq7"|};
                    public const string Fallback = "Hv0rders-Smtp-Fallback-8x2Lp4";
                }
                """))
            .Expect(At(0).WithArguments("Defaults.SmtpPassword"), At(1).WithArguments("SmtpOptions.Password"))
            .RunAsync();

    // Held-out set 20: a local constant whose own name says secret is reported at its literal, as a constant field is, in
    // top-level statements and in a method; once, not again where it is used or a signing key is built from it.
    [Fact]
    public Task SecretLocalConstant_InTopLevelStatements_IsReportedAtItsLiteral()
    {
        var test = new Test()
            .WithSource("""
                const string DefaultUnsubscribeSecret = {|#0:"u7Kq2Lm9Xv4Rb8Nt1Wc6Hy3JzP5"|};
                const string UnsubscribeApiKey = {|#1:"Zx81kLm29QpR7tWv5YbN3c"|};
                System.Console.WriteLine(DefaultUnsubscribeSecret + UnsubscribeApiKey);
                """)
            .Expect(At(0).WithArguments("Program.DefaultUnsubscribeSecret"), At(1).WithArguments("Program.UnsubscribeApiKey"));
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task SecretLocalConstant_InAMethod_IsReportedOnce()
        => RunAsync(
            """
            const string MailPassword = {|#0:"Hv0rders-Smtp-Fallback-9f3Kq7"|};
            const string Fallback = "Hv0rders-Smtp-Fallback-8x2Lp4";
            const string WebhookSigningKey = {|#1:"FDskf45eURuaKk2bqIvWErmsAqd8xY1Z"|};
            var o = new SmtpOptions();
            o.Password = MailPassword;
            o.Password = {|#2:Fallback|};
            using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(WebhookSigningKey));
            """,
            At(0).WithArguments("Startup.MailPassword"),
            At(1).WithArguments("Startup.WebhookSigningKey"),
            At(2).WithArguments("SmtpOptions.Password"));

    // Held-out set 21: a trailing number in a constant's name (hsmPassword2) does not hide what the name says.
    [Fact]
    public Task SecretLocalConstant_WithTrailingNumber_IsReportedAtItsLiteral()
        => RunAsync(
            """
            const string hsmPassword2 = {|#0:"Xk29vLq8Rt"|};
            const string PartnerApiKey2 = {|#1:"Zx81kLm29QpR7tWv5YbN3c"|};
            const string CacheKey2 = "Hq2Zr7Lm3Vn9Tb4Fh8Kq";
            Console.WriteLine(hsmPassword2 + PartnerApiKey2 + CacheKey2);
            """,
            At(0).WithArguments("Startup.hsmPassword2"),
            At(1).WithArguments("Startup.PartnerApiKey2"));

    // As for constant fields: a neutral name, a placeholder or a stand-in is no secret, and a variable is not a constant.
    [Fact]
    public Task LocalConstants_WithNeutralNamesOrPlaceholders_AreNotReported()
        => RunAsync(
            """
            const string CacheKey = "Hq2Zr7Lm3Vn9Tb4Fh8Kq";
            const string SectionName = "Secrets";
            const string ApiKeyHeaderName = "X-Api-Key";
            const string ApiKey = "your-api-key";
            const string SmtpPassword = "${SMTP_PASSWORD}";
            const string ClientSecret = "changeme";
            const string TwilioTokenKey = "Twilio:AuthToken";
            Console.WriteLine(CacheKey + SectionName + ApiKeyHeaderName + ApiKey + SmtpPassword + ClientSecret + TwilioTokenKey);
            """,
            Array.Empty<DiagnosticResult>());

    // WebApplicationFactory tests configure the app under test through IWebHostBuilder.UseSetting.
    [Fact]
    public Task UseSetting_WithSecretConfigurationKey_IsReported()
        => RunAsync(
            """
            Microsoft.AspNetCore.Hosting.IWebHostBuilder web = null!;
            web.UseSetting("DropboxSign:ApiKey", {|#0:"9c1e7a3f5b2d8e4c6a0f1b3d5e7a9c2e4f6a8b0d1c3e5f7a9b2d4c6e8f0a1b3c"|});
            web.UseSetting("DropboxSign:ApiKeyHeader", "X-Api-Key");
            web.UseSetting("DropboxSign:ApiKey", "fake-api-key");
            web.UseSetting("DropboxSign:ApiKey", args0);
            """.Replace("args0", "config[\"k\"]", StringComparison.Ordinal),
            At(0).WithArguments("DropboxSign.ApiKey"));

    // WebApplicationBuilder.WebHost is a ConfigureWebHostBuilder, whose UseSetting is its own method, not the interface's.
    [Fact]
    public Task UseSetting_OnWebApplicationBuilderWebHost_IsReported()
        => RunAsync(
            """
            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
            builder.WebHost.UseSetting("Billing:WebhookSecret", {|#0:"whsec_Ty6Vb9Nm2Qx4Lr8Zk1Wp7Hc3"|});
            builder.WebHost.UseSetting("Billing:WebhookSecretHeader", "Stripe-Signature");
            builder.WebHost.UseSetting("Smtp:Password", "");
            """,
            At(0).WithArguments("Billing.WebhookSecret"));

    [Fact]
    public Task EnvironmentVariable_WithOtlpHeaderKey_IsReported()
        => RunAsync(
            """
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_HEADERS", {|#0:"api-key=4c7e1a9f2b8d5c3e6a0f7b2d9e4c1a8f5b3d6e0aNRAL"|});
            Environment.SetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES", "service.name=orders,deployment.environment=prod");
            """,
            At(0));

    [Fact]
    public Task PragmaDisable_SilencesCSharpLocatedDiagnostics()
        => RunAsync("""
            #pragma warning disable KMS1005 // test fixture credential
            config["Jwt:Secret"] = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
            #pragma warning restore KMS1005
            """);

    [Fact]
    public Task DefaultAndDummyCredentials_AreNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["RabbitMq:UserName"] = "guest",
                    ["RabbitMq:Password"] = "guest",
                    ["Smtp:Password"] = "fake",
                    ["Api:ApiKey"] = "mock",
                    ["ConnectionStrings:Bus"] = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
                });
                services.Configure<RabbitMqOptions>(o => o.Password = "guest");
                """,
                """
                public sealed class RabbitMqOptions
                {
                    public string UserName { get; set; } = "guest";
                    public string Password { get; set; } = "guest";
                    public string ApiKey { get; set; } = "SAS_KEY_VALUE";
                }
                """))
            .RunAsync();

    [Fact]
    public Task RealValuesStartingWithDummyWords_AreReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["RabbitMq:Password"] = {|#0:"guest-7Qx2Lm9"|},
                    ["Smtp:Password"] = {|#1:"Fake4Real!x"|},
                    ["ConnectionStrings:Bus"] = {|#2:"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=K3y+Value/Abc123="|},
                });
                services.Configure<RabbitMqOptions>(o => o.Password = {|#3:"HUNTER_TWO_2024"|});
                """,
                """
                public sealed class RabbitMqOptions
                {
                    public string Password { get; set; } = {|#4:"guest-Rabbit-9Kx2"|};
                }
                """))
            .Expect(At(0), At(1), At(2), At(3).WithArguments("RabbitMqOptions.Password"), At(4).WithArguments("RabbitMqOptions.Password"))
            .RunAsync();

    [Fact]
    public Task PepperAndWebhookUrlLiterals_AreReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                config["Hashing:Pepper"] = {|#0:"Pp3r-9Xw2Lm7Rt4Vb8Nc1Hf"|};
                var teams = new Uri({|#1:"https://contoso.webhook.office.com/webhookb2/7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/1bf66ccbb8e745e791fa6e6de0cf465b/4361420b-8fde-48eb-b62a-0e34fec63f5c"|});
                """,
                "public sealed class HashingOptions { public string Pepper { get; set; } = {|#2:\"c9XvT2qP7wLm4Rz8NbY3\"|}; }"))
            .Expect(At(0).WithArguments("Hashing.Pepper"), At(1).WithArguments("Uri(uriString)"), At(2).WithArguments("HashingOptions.Pepper"))
            .RunAsync();

    [Fact]
    public Task PepperSettingsAndWebhookPlaceholders_AreNotReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                config["Hashing:Pepper"] = "${HASHING_PEPPER}";
                config["Hashing:PepperVersion"] = "v2";
                var discord = new Uri("https://discord.com/api/webhooks/123/abc");
                """,
                "public sealed class HashingOptions { public string PepperSecretName { get; set; } = \"orders-pepper\"; }"))
            .RunAsync();

    [Theory]
    [InlineData("RabbitMq:Password", "guest")]
    [InlineData("Smtp:Password", "fake")]
    [InlineData("Api:ApiKey", "SAS_KEY_VALUE")]
    [InlineData("Smtp:Password", "")]
    [InlineData("Smtp:Password", "${SMTP_PASSWORD}")]
    [InlineData("Smtp:Password", "changeme")]
    [InlineData("Smtp:Password", "<your-password>")]
    [InlineData("Smtp:Host", "smtp.example.com")]
    [InlineData("Jwt:TokenExpiryMinutes", "30")]
    [InlineData("Jwt:Issuer", "https://auth.example.com")]
    [InlineData("Api:ApiKeyHeaderName", "X-Api-Key")]
    [InlineData("AzureAd:ClientId", "11111111-2222-3333-4444-555555555555")]
    [InlineData("Db:Password", "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;Trusted_Connection=True;")]
    [InlineData("Logging:LogLevel:Default", "Debug")]
    public Task InMemoryNonSecretEntry_IsNotReported(string key, string value)
        => RunAsync($$"""new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["{{key}}"] = "{{value}}" });""");

    // The analyzer looks at syntax before it binds (CandidateSyntax); these shapes must still reach the semantic rules.
    [Fact]
    public Task ShapesThePreFilterMustKeep_AreReported()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var credential = new System.Net.NetworkCredential("mailer", {|#0:"Sm7p-" + "P4ss!"|});
                var named = new System.Net.NetworkCredential(password: ({|#1:"Sm7p-P4ss!"|}), userName: "mailer");
                var h = new Holder(); h.Password = {|#2:Holder.Default|};
                Holder target = new() { ApiToken = {|#3:"c9XvT2qP7wLm4Rz8NbY3"|} };
                config?.GetSection("Smtp")?.GetSection("x");
                config["Smtp:Password"] = {|#4:$"hunter2!x"|};
                """,
                """
                public sealed class Holder
                {
                    public const string Default = "hunter2!x";
                    public string Password { get; set; } = "";
                    public string ApiToken { get; set; } = "";
                }
                """))
            .Expect(
                At(0).WithArguments("NetworkCredential(password)"),
                At(1).WithArguments("NetworkCredential(password)"),
                At(2).WithArguments("Holder.Password"),
                At(3).WithArguments("Holder.ApiToken"),
                At(4).WithArguments("Smtp.Password"))
            .RunAsync();

    [Fact]
    public Task ValueInAListOfSecrets_IsNamedByTheList()
        => new Test()
            .WithSource(Sources.InMethod(
                """
                var client = new Client
                {
                    ClientSecrets = [new Secret { Value = {|#0:"sm0ke-T3sts-9fK2qLx7"|}, Description = "synthetic monitoring" }],
                    Keys = new List<Secret> { new Secret { Value = {|#1:"c9XvT2qP7wLm4Rz8NbY3"|} } },
                    Tags = [new Secret { Value = "blue-green", Description = "rollout" }],
                };
                client.LegacySecrets = new[] { new Secret { Value = {|#2:"Zx81-kLm29-QpR7t-Wv5Yb"|} } };
                """,
                """
                public sealed class Secret { public string Value { get; set; } = ""; public string Description { get; set; } = ""; }
                public sealed class Client
                {
                    public List<Secret> ClientSecrets { get; set; } = [];
                    public List<Secret> Keys { get; set; } = [];
                    public List<Secret> Tags { get; set; } = [];
                    public Secret[] LegacySecrets { get; set; } = [];
                }
                """))
            .Expect(
                At(0).WithArguments("ClientSecrets.0.Value"),
                At(1).WithArguments("Keys.0.Value"),
                At(2).WithArguments("LegacySecrets.0.Value"))
            .RunAsync();
}
