using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Tests.SecretRules;

public sealed class SettingsScannerTests
{
    [Fact]
    public void Scan_ReportsEachRuleAtItsValue_WithoutTheValueInMessages()
    {
        var findings = SettingsScanner.Scan("""
            {
              "KmsConfig": { "KeyId": "alias/orders", "EncryptionContext": { "app": "orders" } },
              "Smtp": { "Password": "hunter2!x" },
              "ConnectionStrings": { "Default": "Server=db;User Id=app;Password=Pa55w0rd!" },
              "Api": { "Token": "kms:v2:abc:def:ghi" },
              "Logging": { "LogLevel": { "Default": "Information" } }
            }
            """);

        Assert.Equal(
            new[] { ("KMS1003", "Smtp:Password", 3, 25), ("KMS1004", "ConnectionStrings:Default", 4, 37), ("KMS1007", "Api:Token", 5, 21) },
            findings.Select(f => (f.RuleId, f.KeyPath, f.Line, f.Column)));
        Assert.All(findings, f => Assert.Contains(f.KeyPath, f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("hunter2", f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("Pa55w0rd", f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("ghi", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_DigitsPassword_IsReportedOnlyAsAString()
    {
        // A JSON number is a setting; the same digits as a string under a password-like name are a PIN-like password.
        var findings = SettingsScanner.Scan("""
            {
              "Hsm": { "Password": "98127634", "Passcode": 98127634, "PasswordLength": "98127634", "Pwd": "123456" },
              "Door": { "Passcode": "481516", "Port": "481516" }
            }
            """);

        Assert.Equal(new[] { "Hsm:Password", "Door:Passcode" }, findings.Select(f => f.KeyPath));
    }

    [Fact]
    public void Scan_KeyBesideItsSecret_ReportsOnlyTheSecret()
    {
        // Pusher's app key, OAuth client ids (AppKey, ConsumerKey) and S3 access keys sit beside their secrets and name the
        // app or account; an ApiKey beside an ApiSecret (DHL takes the API key alone) stays a secret.
        var findings = SettingsScanner.Scan("""
            {
              "Pusher": { "AppId": "1830001", "Key": "a9f3c2e1b7d4f6a80c5e", "Secret": "3e7b9d1f5a2c8e4b6d0f" },
              "Vonage": { "ApiKey": "3fa92c1dXk92Lm4Q", "ApiSecret": "Xk92Lm4QpR7tWv5Y" },
              "Twitter": { "consumerKey": "Xk92Lm4QpR7tWv5YbN3cZ81", "ConsumerSecret": "Zx81kLm29QpR7tWv5YbN3cAB12" },
              "Reports": { "ApiKey": "Zx81kLm29QpR7tWv5YbN3cAB12", "ApiKeySecretName": "prod/reports" },
              "Dropbox": { "AppKey": "k3x9q2m7v8w1z4b", "AppSecret": "p9Lm2Qx7Rt4Wv8Yb" },
              "Minio": { "AccessKey": "gateway-svc-7Kx2", "SecretKey": "Xk92Lm4QpR7tWv5YbN3c" }
            }
            """);

        Assert.Equal(
            new[] { "Pusher:Secret", "Vonage:ApiKey", "Vonage:ApiSecret", "Twitter:ConsumerSecret", "Reports:ApiKey", "Dropbox:AppSecret", "Minio:SecretKey" },
            findings.Select(f => f.KeyPath));
    }

    [Fact]
    public void Scan_ElementsOfASecretList_InheritItsSecrecyOnlyWithoutASecretNamedMember()
    {
        // ApiKeys:Maps and Secrets:0 hold secrets by their container's name; in an element with a Token of its own, the
        // Tenant beside it names the tenant.
        var findings = SettingsScanner.Scan("""
            {
              "Scim": { "ProvisioningTokens": [ { "Tenant": "fabrikam", "Token": "scim_2Bv8Lm4QpR7tWv5YbN3c" } ] },
              "ApiKeys": { "Maps": "Xk92Lm4QpR7tWv5YbN3cZ81" },
              "Webhooks": { "Secrets": [ "Zx81kLm29QpR7tWv5YbN3cAB12" ] },
              "Vault": { "RoleId": "db02de05-fa39-4855-059b-67221c5c2f63", "SecretId": "8e1d4f7a-6c2b-4e9d-a3f5-0b7c9e2d4a6f", "Token": "hvs.CAESIJ0yXk92Lm4QpR7tWv5YbN3c" }
            }
            """);

        Assert.Equal(
            new[] { "Scim:ProvisioningTokens:0:Token", "ApiKeys:Maps", "Webhooks:Secrets:0", "Vault:SecretId", "Vault:Token" },
            findings.Select(f => f.KeyPath));
    }

    // A JWKS is public (held-out set 23: its members under Jwks:Keys inherited the plural "Keys" as a secret container);
    // a JSON Web Key's private members (d; p, q, dp, dq, qi of RSA; k of a symmetric key) are the key itself.
    [Fact]
    public void Scan_JsonWebKeys_ReportOnlyTheirPrivateMembers()
    {
        var findings = SettingsScanner.Scan("""
            {
              "Jwks": { "Keys": [ { "kty": "RSA", "kid": "cc-2025-10", "use": "sig", "alg": "RS256", "e": "AQAB",
                                    "n": "uyRD7KZtiAQHiFr31lHdvxQD4HnhafMCfpybWSjmROo6htBReQ3iVajx9Q2zL8kT4mWv" } ] },
              "Signing": { "Jwk": { "kty": "EC", "crv": "P-256", "x": "kgD1aIJ8tKrBODSOgdK4SorR3hnbgh9zuCjeuI1EXek",
                                    "y": "KRkquPEQxTt_EisCe-pUhc-shUa0eJalvy99M3h7MHE", "d": "Huzb5k3vBzWG6Deof5rEho_Se99h2MRrXhTKEB0ElmA" } },
              "Hmac": { "Jwk": { "kty": "oct", "kid": "hmac-1", "k": "GawgguFyGrWKav7AX4VKUg" } },
              "Template": { "Jwk": { "kty": "EC", "crv": "P-256", "d": "${SIGNING_JWK_D}" } },
              "Legacy": { "Keys": [ "Zx81kLm29QpR7tWv5YbN3cAB12" ] }
            }
            """);

        Assert.Equal(new[] { "Signing:Jwk:d", "Hmac:Jwk:k", "Legacy:Keys:0" }, findings.Select(f => f.KeyPath));
    }

    [Fact]
    public void Scan_UnparsableFile_ReportsOneFindingAtTheError()
    {
        var finding = Assert.Single(SettingsScanner.Scan("{\n  \"A\": \"x\"\n  \"B\": \"y\"\n}"));

        Assert.Equal(("KMS1008", 3, 3), (finding.RuleId, finding.Line, finding.Column));
    }

    [Fact]
    public void Scan_HonoursAllowCommentsOnSameLineAndLineAbove()
    {
        var findings = SettingsScanner.Scan("""
            {
              "A": { "Password": "hunter2!x" }, // kmsconfig:allow local dev database
              // kmsconfig:allow KMS1003
              "B": { "Password": "hunter2!x" },
              // kmsconfig:allow KMS1004
              "C": { "Password": "hunter2!x" },
              "D": { "Password": "hunter2!x" }
            }
            """);

        Assert.Equal(new[] { "C:Password", "D:Password" }, findings.Select(f => f.KeyPath));
    }

    [Fact]
    public void Scan_AllowNamingKms1001_SilencesThePlaintextSecretTheCheckVerbReportsAsKms1003()
    {
        var findings = SettingsScanner.Scan("""
            {
              // kmsconfig:allow KMS1001 written after a build warning
              "A": { "Password": "hunter2!x" },
              "B": { "Password": "hunter2!x" }, // kmsconfig:allow KMS1001
              // kmsconfig:allow KMS1001
              "C": { "Default": "Server=db;User Id=app;Password=Pa55w0rd!" },
              // kmsconfig:allow KMS1002
              "D": { "Password": "hunter2!x" }
            }
            """);

        Assert.Equal(new[] { ("KMS1004", "C:Default"), ("KMS1003", "D:Password") }, findings.Select(f => (f.RuleId, f.KeyPath)));
    }

    [Theory]
    [InlineData("KMS1001", "KMS1001", true)]
    [InlineData("KMS1001", "KMS1003", true)]
    [InlineData("KMS1003", "KMS1001", true)]
    [InlineData("kms1003", "KMS1003", true)]
    [InlineData("KMS1001", "KMS1004", false)]
    [InlineData("KMS1003", "KMS1004", false)]
    [InlineData("KMS1004", "KMS1001", false)]
    [InlineData("KMS1002", "KMS1001", false)]
    public void SuppressionMap_TreatsKms1001AndKms1003AsOneFinding(string allowedId, string reportedId, bool allowed)
    {
        var map = new SuppressionMap();
        map.AddComment("// kmsconfig:allow " + allowedId, startLine: 3, endLine: 3, aloneOnEndLine: true);

        Assert.Equal(allowed, map.IsAllowed(4, reportedId));
        Assert.False(map.IsAllowed(5, reportedId));
    }

    [Fact]
    public void Scan_AllowCommentAfterCode_DoesNotReachTheNextLine()
    {
        var findings = SettingsScanner.Scan("""
            {
              "A": "x", // kmsconfig:allow
              "Password": "hunter2!x"
            }
            """);

        Assert.Single(findings);
    }

    [Fact]
    public void Scan_RealisticCleanFile_HasNoFindings()
    {
        var findings = SettingsScanner.Scan("""
            {
              "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
              "AllowedHosts": "*",
              "KmsConfig": { "KeyId": "alias/orders-config", "EncryptionContext": { "app": "orders", "env": "prod" } },
              "ConnectionStrings": {
                "Default": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA",
                "Cache": "localhost:6379",
                "Local": "Server=(localdb)\\mssqllocaldb;Database=Orders;Trusted_Connection=True;MultipleActiveResultSets=true"
              },
              "Jwt": {
                "Issuer": "https://auth.example.com",
                "Audience": "orders-api",
                "Key": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA",
                "TokenExpiryMinutes": 30,
                "RefreshTokenLifetime": "7.00:00:00"
              },
              "Identity": { "Password": { "RequiredLength": 12, "RequireDigit": true, "RequireNonAlphanumeric": false } },
              "PasswordPolicy": { "MinLength": 8, "MaxAgeDays": 90 },
              "Api": { "ApiKeyHeaderName": "X-Api-Key", "BaseUrl": "https://api.example.com", "TimeoutSeconds": 30 },
              "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "contoso.onmicrosoft.com", "ClientId": "11111111-2222-3333-4444-555555555555" },
              "Stripe": { "PublishableKey": "pk_live_51H8xYzAbCdEfGhIjKlMnOp", "SecretKey": "${STRIPE_SECRET_KEY}" },
              "Smtp": { "Host": "smtp.example.com", "Port": 587, "UserName": "mailer", "Password": "" },
              "Sops": { "Password": "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]" },
              "Ejson": { "ApiToken": "EJ[1:abc:def:ghi]" },
              "Deploy": { "DbPassword": "#{DbPassword}#", "ApiKey": "__API_KEY__", "Secret": "%APP_SECRET%", "Token": "<token>" },
              "FeatureManagement": { "NewCheckout": true, "BetaSearch": false },
              "RateLimiting": { "PermitLimit": 100, "Window": "00:01:00" },
              "HealthChecks": { "Path": "/health" },
              "RabbitMq": { "Host": "localhost", "UserName": "guest", "Password": "guest" },
              "Smtp4Dev": { "Password": "fake" },
              "ServiceBus": { "ConnectionString": "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;" },
            }
            """);

        Assert.Empty(findings);
    }
}
