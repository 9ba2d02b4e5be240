using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Tests.SecretRules;

public sealed class SecretClassifierTests
{
    [Theory]
    [InlineData("Smtp:Password", "hunter2!")]
    [InlineData("Database:Pwd", "Tr0ub4dor&3")]
    [InlineData("Redis:Passphrase", "correct horse battery staple")]
    [InlineData("db_password", "postgres123")]
    [InlineData("Admin:DefaultPassword", "Admin@12345")]
    [InlineData("Ldap:BindPassword", "P@ssw0rd2024")]
    [InlineData("Jwt:Key", "ThisIsMySuperSecretSigningKey123!")]
    [InlineData("Jwt:Secret", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")]
    [InlineData("Jwt:SigningKey", "c2lnbmluZy1rZXktZm9yLWp3dC10b2tlbnM=")]
    [InlineData("Authentication:Google:ClientSecret", "GOCSPX-1a2B3c4D5e6F7g8H9i0J")]
    [InlineData("SendGrid:ApiKey", "mK9xL2pQ7rT4vW8yZ1bN")]
    [InlineData("OpenWeather:ApiKey", "3f2504e04f8911d39a0c0305e82c3301")]
    [InlineData("Payments:ApiKeys:0", "live_7Hc9Kq2LmX4pR8sT")]
    [InlineData("ApiKeys:Maps", "Qm9vLXR3by10aHJlZS00NTY3")]
    [InlineData("Telegram:BotToken", "5839201847:AAHf9xKq2LmPzR7sTvW3yB8nC")]
    [InlineData("GitHub:AccessToken", "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("Aws:SecretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("Encryption:MasterKey", "a1B2c3D4e5F6g7H8i9J0k1L2")]
    [InlineData("Webhooks:GitHub:Secret", "whsec_5f4dcc3b5aa765d61d83")]
    [InlineData("Storage:AccountKey", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")]
    [InlineData("Credentials:Secret", "s3cr3t-v4lue-x9")]
    [InlineData("Stripe:SecretKey", "not_a_prefix_but_random_9Xk2")]
    [InlineData("Pusher:AppKey", "4c1b2a3d5e6f7a8b9c0d")]
    [InlineData("Auth0:ClientSecret", "yC8Zq7T5xN3pR1mK9vB4wD6sF2hJ0gL")]
    [InlineData("Jwt:Key", "super_secret_key_123")]
    [InlineData("IdentityServer:Clients:0:ClientSecrets:0:Value", "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=")]
    [InlineData("Kestrel:Certificates:Default:Password", "certP@ss1")]
    [InlineData("Serilog:WriteTo:0:Args:apiKey", "sEqApIkEy0123456789")]
    [InlineData("SchemaRegistry:BasicAuthUserInfo", "SR7KQ2M4N8P3X6ZB:yE0k46gNloxUQrCLbKEO7pNpYOo")]
    [InlineData("Kafka:basic.auth.user.info", "ABCD1234EFGH:Zq8xLm2Pw7Rt")]
    [InlineData("Proxy:BasicAuth", "svc-proxy:Vb7!kQ2m")]
    [InlineData("PagerDuty:RoutingKey", "R02X7Z8KQ4J1M3N5P6T9V0W2Y4A6C8E1")]
    [InlineData("Adyen:ApiKey", "live_XPLDSWA4KBG5ZOQ2J6R3HNW7FYE8TVC1")]
    [InlineData("Mollie:ClientKey", "live_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM")]
    // Dotted tokens: a Discord bot token.
    [InlineData("Discord:BotToken", "MTE5NzY0MDEyMzQ1Njc4OTAxMg.G7xYz1.Kq8Lm2Np4Rs6Tu8Vw0Xy2Za4Bc6De8Fg0Hi2Jk")]
    // Azure's PrimaryKey/SecondaryKey access keys (Cosmos DB, Event Grid, Maps); a Supabase service-role key.
    [InlineData("Cosmos:PrimaryKey", "Xk92Lm4QpR7tWv5YbN3cZ81kLm29QpR7tWv5YbN3cAB12Xk92Lm4QpR7tWv5YbN3cZ81kLm29QpR7tWv5YbN3==")]
    [InlineData("EventGrid:SecondaryKey", "q83vEi7hBQ7zYjNDl2kZ+Qa9Lm4QpR7tWv5YbN3cZ81=")]
    // Lists under the plural of a secret key name; a GUID under an API key.
    [InlineData("DocuSign:HmacKeys:0", "Qm7Rt2Lx9Vb4Nw8Zk3Pc6Hd1Jf5Gs0Ya2Eu7Io4Tn9=")]
    [InlineData("DocuSign:ConnectHmacKeys:0", "aP3x9L2q7KmR4vT8wY1zB6nC5dF0gH2jJ4kL6mN8pQ0=")]
    [InlineData("Crypto:EncryptionKeys:1", "kJ8s7dF6g5h4J3k2L1z0X9c8V7b6N5m4")]
    [InlineData("Webhooks:PrivateKeys:0", "aP3x9L2q7KmR4vT8wY1zB6nC5dF0gH2jJ4kL6mN8pQ0=")]
    [InlineData("Internal:ApiKey", "3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("HubSpot:ClientSecret", "3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("Vault:AppRole:SecretId", "8e1d4c2a-7b6f-4e3d-9a1b-2c3d4e5f6a7b")]
    // Keys of tenants and groups (API gateways, Azure DPS enrollment groups); Agora's App Certificate signs its tokens.
    [InlineData("GatewayAuth:TenantKeys:acme", "gwk_live_fZdVGI1TWtw4ewFWw0Yzb42T")]
    [InlineData("GatewayAuth:TenantKey", "gwk_live_z0ftuUlXrHkj8BQqoy1bNg96")]
    [InlineData("Devices:EnrollmentGroupKey", "Tz8Qm3Lx7Vk2Rp9Wn4Cy6Bh1Jf5Dg0SaEu4Io7Ty2Rp9Wn4Cy6Bh1Jf5Dg0SaEu4Io7Tz8Qm3Lx7Vk2Rp9Wn4nM==")]
    [InlineData("Agora:AppCertificate", "f2e4d6c8b0a1937d5e7f9b1c3a5d7e9f")]
    // The key's name with a word or digits of its own is a value someone chose.
    [InlineData("Segment:WriteKey", "dev-write-key-8f3a9c")]
    [InlineData("Zoom:ClientSecret", "dev-zoom-secret-4f9a")]
    // A wallet's recovery words.
    [InlineData("Treasury:Mnemonic", "abandon ability able about above absent absorb abstract absurd abuse access accident")]
    [InlineData("Wallet:SeedPhrase", "legal winner thank year wave sausage worth useful legal winner thank yellow")]
    // PayPal's classic API signature.
    [InlineData("PaymentGateway:Signature", "AX9dWuqoZJGING5QS64VrpMzxcYRPFQWnsqiw7HYHb6lbsuK9MtBH2Bi")]
    [InlineData("Fcm:LegacyServerKey", "AAAAq1w2e3r:APA91bHun4MxP5egoKMwt2KZFBaFUH1RYqx8hS9pT3kLm7Vn2Qw")]
    [InlineData("Smtp:Password", "orders-password")]
    [InlineData("Proxy:Password", "Admin:Welcome1")]
    [InlineData("Api:Token", "qzxkvbnmtrplwhsdfgjkty")]
    [InlineData("Api:Token", "acme7robotics")]
    [InlineData("Relay:Password", "admin:hunter2")]
    public void SecretNamedKey_WithPlaintextValue_IsSecret(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.SecretKeyName, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("Aws:AccessKeyId", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=Pa55w0rd!")]
    [InlineData("ConnectionStrings:Legacy", "Data Source=db;Initial Catalog=x;uid=sa;pwd=Sup3rS3cret;")]
    [InlineData("ConnectionStrings:Mongo", "mongodb+srv://app:Xk92Lm4Q@cluster0.mongodb.net/db")]
    [InlineData("ConnectionStrings:Redis", "redis.local:6379,password=r3d1sPass,ssl=True")]
    [InlineData("Storage:ConnectionString", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUz==;EndpointSuffix=core.windows.net")]
    [InlineData("ServiceBus:ConnectionString", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=k3y+Value/Abc123=")]
    [InlineData("Rabbit:Url", "amqp://orders:9Kx2mP4q@rabbit:5672/vhost")]
    [InlineData("Signing:Pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----")]
    [InlineData("Git:Token", "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB")]
    [InlineData("Slack:Bot", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")]
    [InlineData("Stripe:Key", "sk_live_51H8xYzAbCdEfGhIjKlMnOp")]
    [InlineData("Mail:SendGrid", "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")]
    [InlineData("Maps:Google", "AIzaSyA1234567890abcdefghijklmnopqrstuv")]
    [InlineData("Blob:SasUrl", "https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=AbCdEf1234567890GhIjKlMn%3D")]
    [InlineData("Azure:SignalR:ConnectionString", "Endpoint=https://x.service.signalr.net;AccessKey=AbCdEf0123456789GhIjKl=;Version=1.0;")]
    [InlineData("Auth:Header", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    // OpenTelemetry header lists carrying vendor keys.
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "api-key=eu01xx8f2c6b9d4e1a7f3c5b8d2e6a9f1c4bNRAL")]
    [InlineData("Telemetry:Otlp:Headers", "x-honeycomb-team=hcaik_01hq7x2m9k4p8r3t6w1y5z0b2c4d6f8g9h0j2k4m6n8p")]
    [InlineData("Otlp:Headers", "x-tenant=acme, dd-api-key=4c7e1a9f2b8d5c3e6a0f7b2d9e4c1a8f")]
    [InlineData("Otlp:Headers", "Authorization=Bearer%20Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Otlp:Headers", "Authorization=Basic MTIzNDU2OmdsY19leUp2SWpvaU1USXpORFUySW4w")]
    // Private keys as base64 DER (PKCS#8, PKCS#1) and PKCS#12 (.pfx) bundles, and a JWT for a role other than anon.
    [InlineData("Signing:Certificate", "MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggokMIIKIDCCBM8GCSqGSIb3DQEHBqCCBMAwggS8AgEAMIIEtQYJKoZIhvcNAQcBMBwGCiqGSIb3DQEMAQYwDgQIabcdefghijklmnop")]
    [InlineData("Signing:Material", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s")]
    [InlineData("DocuSign:Rsa", "MIIEowIBAAKCAQEAz8k2Lm4Np6Rs8Tu0Vw2Xy4Za6Bc8De0Fg2Hi4Jk6Lm8No0abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrst")]
    [InlineData("Supabase:ServiceRole", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.abcDEF123ghiJKL456mnoPQR")]
    [InlineData("Nats:NKeySeed", "SUAMLK2ZNL35WSMW37E7UD4VZ7ELPKW7DHC3BWBSD2GCZ7IUQQXZIORRBU")]
    [InlineData("ConnectionStrings:Snowflake", "account=acme;user=etl;authenticator=snowflake_jwt;private_key_file=/keys/etl.p8;private_key_pwd=K3yPass!2024")]
    // An Authorization header's value, as a headers dictionary holds it.
    [InlineData("DeployHook:Headers:Authorization", "Bearer 7hQ2xKp9LmVw4RtZ8NbYc3Jd6FgAs1Eu")]
    [InlineData("Okta:DefaultHeaders:Authorization", "SSWS 00Stg3Vx8Kq1Lm6Pr9Tw2Nb7Yc4Df0Gh5Js3Aq6Ev")]
    // A wallet's master private key, under any name.
    [InlineData("Treasury:Signers:0:Seed", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi")]
    [InlineData("Proxy:Headers:X-Upstream", "Basic b3JkZXJzLXN2YzpWYjdrUTJtWHI0THA4TnYx")]
    public void CredentialShape_IsFoundWhateverTheKey(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.CredentialShape, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    // Stand-ins: the key's own name after an environment, and words that say the value does not matter.
    [InlineData("Segment:WriteKey", "dev-write-key")]
    [InlineData("Segment:WriteKey", "write-key")]
    [InlineData("Stripe:ApiKey", "devApiKey")]
    [InlineData("Api:ClientSecret", "local-secret")]
    [InlineData("Auth:AuthToken", "local_token")]
    [InlineData("Smtp:Password", "docker-password")]
    [InlineData("Zoom:ClientSecret", "dev-zoom-secret")]
    [InlineData("AdobeSign:ClientSecret", "fake-client-secret")]
    [InlineData("AdobeSign:ClientSecret", "fake-adobe-sign-value")]
    [InlineData("GooglePlaces:ApiKey", "AIza-your-places-key")]
    [InlineData("DeployHook:Headers:Authorization", "Bearer {token}")]
    [InlineData("DeployHook:Headers:Authorization", "Bearer ${DEPLOY_TOKEN}")]
    [InlineData("DeployHook:Headers:Authorization", "Bearer your-token-here")]
    [InlineData("Docs:Headers:Accept", "Basic auth is not supported")]
    [InlineData("Stripe:WebhookSigningSecret", "whsec_...")]
    [InlineData("Twilio:ApiKeySid", "SK00000000000000000000000000000000")]
    [InlineData("Aws:AccessKeyId", "AKIA0000000000000000")]
    [InlineData("Treasury:Signers:0:KeyId", "kms-key-ops-1")]
    [InlineData("Stripe:WebhookSecret", "whsec_local_cli_forwarding")]
    [InlineData("Jwt:SigningKey", "integration-tests-signing-key-not-for-production-use")]
    [InlineData("Stripe:WebhookSigningSecret", "whsec_…")]
    [InlineData("Shopify:ApiSecret", "shpss_dev_app_secret")]
    [InlineData("Stripe:SecretKey", "sk_test_local_secret_key")]
    [InlineData("Jwt:SigningKey", "this-is-a-local-development-signing-key-only")]
    [InlineData("Email:Signature", "Best regards, the Orders team")]
    [InlineData("Webhooks:Signature", "HMACSHA256")]
    [InlineData("Webhooks:SignatureHeader", "X-Hub-Signature-256")]
    [InlineData("Fcm:LegacyServerKey", "AAAA-your-server-key")]
    [InlineData("Smart:ClientSecret", "whatever")]
    [InlineData("Smart:ClientSecret", "anything")]
    [InlineData("Smart:ClientSecret", "notasecret")]
    [InlineData("Smart:ClientSecret", "not-a-secret")]
    // A tenant's or group's key that is a GUID or a short code identifies it.
    [InlineData("Db:TenantKey", "3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("Orders:TenantKey", "acme")]
    [InlineData("Ledger:GroupKey", "emea-sales")]
    // Certificates are public.
    [InlineData("Agora:AppCertificate", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0s8Wq3\n-----END CERTIFICATE-----")]
    [InlineData("Agora:AppCertificate", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYDVQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290")]
    // Client-side environment keys (Mux Data, Flagsmith) are embedded in browsers and players.
    [InlineData("Mux:EnvironmentKey", "3h7k9m2p5r8t1v4x6z0b9c2d1f")]
    [InlineData("Flagsmith:EnvironmentKey", "Xq8vK2mN9pL4rT7wY1zB3cD6fGb")]
    [InlineData("Flagsmith:ClientEnvironmentKey", "Xq8vK2mN9pL4rT7wY1zB3cD6fGb")]
    // Settings about secrets.
    [InlineData("Jwt:TokenExpiryMinutes", "30")]
    [InlineData("Jwt:AccessTokenLifetime", "00:30:00")]
    [InlineData("Identity:RefreshTokenLifetime", "7d")]
    [InlineData("PasswordPolicy:MinLength", "8")]
    [InlineData("Identity:Password:RequireDigit", "true")]
    [InlineData("Identity:PasswordRequiredLength", "12")]
    [InlineData("Auth:PasswordResetUrl", "https://app.example.com/reset")]
    [InlineData("Api:ApiKeyHeaderName", "X-Api-Key")]
    [InlineData("Proxy:EnableBasicAuth", "true")]
    [InlineData("Proxy:BasicAuthUserName", "svc-proxy")]
    [InlineData("Proxy:BasicAuthRealm", "Internal Proxy")]
    [InlineData("Authentication:DefaultScheme", "Bearer")]
    [InlineData("Authentication:Authority", "https://login.example.com/tenant")]
    [InlineData("Api:ApiKeyHeader", "X-API-KEY")]
    [InlineData("Security:TokenHeader", "Authorization")]
    [InlineData("KeyVault:SecretName", "orders-db-password")]
    [InlineData("Aws:SecretsManager:SecretId", "prod/orders/db")]
    [InlineData("Secrets:Region", "eu-west-1")]
    [InlineData("Auth:TokenEndpoint", "https://login.example.com/oauth2/token")]
    [InlineData("Auth:TokenUrl", "https://login.example.com/token")]
    [InlineData("Jwt:Issuer", "https://auth.example.com")]
    [InlineData("Jwt:Audience", "orders-api")]
    [InlineData("Auth:SigningAlgorithm", "RS256")]
    [InlineData("Cert:PrivateKeyPath", "/etc/ssl/private/app.key")]
    [InlineData("Cert:Password", "./certs/dev-password.txt")]
    [InlineData("Csrf:CsrfToken", "X-CSRF-TOKEN")]
    [InlineData("Secret:Enabled", "false")]
    [InlineData("ApiKey:Required", "true")]
    [InlineData("Tokens:MaxCount", "100")]
    [InlineData("Auth:TokenCacheDuration", "PT15M")]
    [InlineData("Cache:KeyPrefix", "orders:")]
    [InlineData("Queue:RoutingKey", "orders.created.v1")]
    [InlineData("RabbitMq:RoutingKey", "orders_created_events")]
    [InlineData("Adyen:ClientKey", "live_XPLDSWA4KBG5ZOQ2J6R3HNW7FYE8TVC1")]
    [InlineData("Payments:Adyen:ClientKey", "test_4FJ8KQ2LM9XW7RT3VB6NC1HD5PG0YS2E")]
    [InlineData("RabbitMq:RoutingKey", "Orders.Created.*")]
    [InlineData("Bus:RoutingKey", "OrderCreated")]
    [InlineData("Cosmos:PartitionKey", "/customerId")]
    [InlineData("Auth:PasswordHash", "AQAAAAIAAYagAAAAEJ9x3e8v")]
    [InlineData("UserSecretsId", "a1b2c3d4-e5f6-7890-abcd-ef1234567890")]
    // Public identifiers.
    [InlineData("AzureAd:ClientId", "11111111-2222-3333-4444-555555555555")]
    [InlineData("AzureAd:TenantId", "contoso.onmicrosoft.com")]
    [InlineData("Stripe:PublishableKey", "pk_live_51H8xYzAbCdEfGhIjKlMnOp")]
    [InlineData("Recaptcha:SiteKey", "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI")]
    [InlineData("Jwt:PublicKey", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L7VLPHCgcBIjt")]
    [InlineData("ApplicationInsights:InstrumentationKey", "00000000-0000-0000-0000-000000000000")]
    [InlineData("Google:ClientId", "1234-abc.apps.googleusercontent.com")]
    // Placeholders, empties and encrypted values.
    [InlineData("Smtp:Password", "")]
    [InlineData("Smtp:Password", "   ")]
    [InlineData("Smtp:Password", "${SMTP_PASSWORD}")]
    [InlineData("Smtp:Password", "#{SmtpPassword}#")]
    [InlineData("Smtp:Password", "<your-password>")]
    [InlineData("Smtp:Password", "__SMTP_PASSWORD__")]
    [InlineData("Smtp:Password", "%SMTP_PASSWORD%")]
    [InlineData("Smtp:Password", "{{ smtp_password }}")]
    [InlineData("Smtp:Password", "$(SmtpPassword)")]
    [InlineData("Smtp:Password", "changeme")]
    [InlineData("Smtp:Password", "CHANGE_ME")]
    [InlineData("Smtp:Password", "password")]
    [InlineData("Smtp:Password", "********")]
    [InlineData("Smtp:Password", "YOUR_PASSWORD_HERE")]
    [InlineData("Api:ApiKey", "your-api-key")]
    [InlineData("Api:ApiKey", "replace-with-your-key")]
    [InlineData("Smtp:Password", "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Smtp:Password", "kms:raw:AQICAHh4")]
    [InlineData("Smtp:Password", "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]")]
    [InlineData("Smtp:Password", "EJ[1:abc:def:ghi]")]
    [InlineData("Smtp:Password", "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)")]
    [InlineData("Smtp:Password", "{cipher}AQBkaXJlY3Q=")]
    [InlineData("Smtp:Password", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x/)")]
    [InlineData("Smtp:Password", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;Trusted_Connection=True;")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=;")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=${DB_PASSWORD}")]
    [InlineData("ConnectionStrings:Default", "Host=db;Username=app;Password={0}")]
    [InlineData("ConnectionStrings:Sqlite", "Data Source=app.db")]
    [InlineData("ConnectionStrings:Rabbit", "amqp://guest:guest@localhost:5672")]
    [InlineData("ConnectionStrings:Redis", "localhost:6379")]
    [InlineData("Services:Orders", "https://orders.internal:8443/api")]
    // Not secrets by value.
    [InlineData("Smtp:Password", "42")]
    [InlineData("Api:Token", "true")]
    [InlineData("Api:Secret", "https://vault.example.com/v1/secret/data/app")]
    [InlineData("Api:Token", "short")]
    [InlineData("Jwt:Key", "jwt-key")]
    [InlineData("Auth:Secret", "Please keep this secret value in the vault")]
    [InlineData("Smtp:Password", "Please enter your password")]
    // Ordinary settings.
    [InlineData("Logging:LogLevel:Default", "Information")]
    [InlineData("AllowedHosts", "*")]
    [InlineData("FeatureManagement:NewCheckout", "true")]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://0.0.0.0:5001")]
    [InlineData("KmsConfig:KeyId", "alias/orders-config")]
    [InlineData("KmsConfig:EncryptionContext:app", "orders")]
    [InlineData("Serilog:MinimumLevel", "Warning")]
    [InlineData("Cors:Origins:0", "https://app.example.com")]
    [InlineData("Email:From", "noreply@example.com")]
    [InlineData("Cache:Key", "orders-cache-prefix-v1")]
    [InlineData("Storage:Credential", "ManagedIdentity")]
    [InlineData("Azure:Credentials", "DefaultAzureCredential")]
    [InlineData("ApplicationInsights:ConnectionString", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/")]
    [InlineData("Jwt:Key", "your-256-bit-secret")]
    [InlineData("Elastic:Uri", "https://elastic:changeme@localhost:9200")]
    // Dotted names with digits are still names; header lists without a key, or with a placeholder, hold no secret.
    [InlineData("Hashing:SigningKey", "Orders.Security.Sha256Hasher.V2")]
    [InlineData("Otlp:Headers", "x-tenant=acme,x-region=eu")]
    [InlineData("Otlp:Headers", "x-honeycomb-team=${HONEYCOMB_API_KEY}")]
    [InlineData("Otlp:Headers", "api-key=short")]
    [InlineData("Otlp:Headers", "Authorization=Bearer <token>")]
    // Words that describe a mode under a token name (LaunchDarkly's offline SdkKey).
    [InlineData("LaunchDarkly:SdkKey", "sdk-offline")]
    [InlineData("Api:ApiKey", "offline-mode")]
    [InlineData("Service:Token", "local-dev")]
    // Keys their vendors publish to browsers and apps, a certificate without its key, a database primary key.
    [InlineData("Stripe:ApiKey", "pk_live_51H8xYzAbCdEfGhIjKlMnOp")]
    [InlineData("Mapbox:AccessToken", "pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJja2x4eXoxMjMwMDAwMnFwZ3Z6b2RqYnQ0In0.abcDEF123ghiJKL456mno")]
    [InlineData("Datadog:ClientToken", "pub1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d")]
    [InlineData("Datadog:ClientToken", "pub3f9c1b7e2d4a6f8b0c1d3e5f7a9b2c4d6e")]
    [InlineData("Supabase:AnonKey", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.abcDEF123ghiJKL456mnoPQR")]
    [InlineData("Supabase:Key", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.abcDEF123ghiJKL456mnoPQR")]
    [InlineData("Tls:RootCertificate", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYDVQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4X")]
    [InlineData("Reporting:PrimaryKey", "CustomerId")]
    // Public halves and identifiers under key names; lists of public keys; vendor prefixes before template words.
    [InlineData("Algolia:SearchApiKey", "6be0576ff61c053d5f9a3225e2a90f76")]
    [InlineData("Algolia:SearchOnlyApiKey", "6be0576ff61c053d5f9a3225e2a90f76")]
    [InlineData("Mapbox:PublicToken", "Zk3s9xR2Vb7LqW1mNp4TcAZk3s9xR2Vb7LqW1mNp4TcA")]
    [InlineData("Recaptcha:PublicApiKey", "Zk3s9xR2Vb7LqW1mNp4TcA")]
    [InlineData("DocuSign:IntegrationKey", "8d3f2a1c-7b6e-4d5f-9a0b-1c2d3e4f5a6b")]
    [InlineData("Cache:SortKeys:0", "Zk3s9xR2Vb7LqW1mNp4TcA")]
    [InlineData("Shopify:ApiSecretKey", "shpss_your_shared_secret")]
    [InlineData("Shopify:AdminAccessToken", "shpat_your_access_token")]
    [InlineData("DigitalOcean:Token", "dop_v1_your_token_here")]
    [InlineData("OneSignal:RestApiKey", "os_v2_app_your_rest_api_key")]
    [InlineData("PayPal:Signature", "A-your-sandbox-signature")]
    [InlineData("Square:AccessToken", "EAAAsandbox-your-access-token")]
    [InlineData("Greenhouse:JobBoardToken", "acmerobotics")]
    [InlineData("Greenhouse:JobBoardToken", "acme-robotics")]
    [InlineData("Alerts:Slack", "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("Alerts:Slack", "https://hooks.slack.com/services/T00000000/B00000000/000000000000000000000000")]
    [InlineData("Alerts:Discord", "https://discord.com/api/webhooks/000000000000000000/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("Alerts:Slack", "https://hooks.slack.com/services/T024BE7LD/B08GJMR1XTA/your-webhook-token")]
    [InlineData("PayPal:ApiKey", "A-your-sandbox-api-key")]
    [InlineData("Push:ApiKey", "v2_your_rest_api_key")]
    [InlineData("Twilio:AuthTokenKey", "Twilio:AuthToken")]
    [InlineData("Partners:ApiKeyPath", "Partners:Primary:ApiKey")]
    [InlineData("Vault:PasswordSetting", "ConnectionStrings:Orders")]
    [InlineData("Aws:SecretKeyName", "AWS:SecretAccessKey")]
    [InlineData("HubSpot:Token", "pat-na1-your-private-app-token")]
    [InlineData("Salesforce:ConsumerSecret", "testConsumerSecretForUnitTests")]
    [InlineData("Salesforce:ConsumerKey", "3MVG9testConsumerKeyForUnitTests")]
    [InlineData("Api:ApiKey", "fakeApiKey")]
    [InlineData("Nats:Seed", "SUAMLK2ZNL35WSMW")]
    [InlineData("SecretsManager:SecretId", "prod/orders/db")]
    [InlineData("Cms:ManagementApiToken", "CFPAT-<your-management-token>")]
    [InlineData("GitLab:Token", "glpat-<your-token>")]
    [InlineData("Books:LedgerAccountKey", "4000-SALES")]
    [InlineData("PagerDuty:ApiToken", "pd-test-token")]
    [InlineData("Db:Password", "db-test-password")]
    public void NonSecretValue_IsNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    // Well-known defaults and the stand-ins of tests and local containers.
    [InlineData("RabbitMq:Password", "guest")]
    [InlineData("RabbitMq:Password", "Guest")]
    [InlineData("Smtp:Password", "fake")]
    [InlineData("Api:ApiKey", "mock")]
    [InlineData("Db:Password", "stub")]
    [InlineData("Db:Password", "testing")]
    [InlineData("Smtp:Password", "test-password")]
    [InlineData("Api:ApiKey", "fake_api_key")]
    [InlineData("Api:Token", "dummy-token")]
    [InlineData("Jwt:Secret", "mock-secret")]
    [InlineData("Rabbit:Url", "amqp://admin:guest@localhost:5672/")]
    // Variable names in capitals, whole or inside connection strings and URLs.
    [InlineData("ServiceBus:ConnectionString", "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=DB_PASSWORD")]
    [InlineData("Storage:ConnectionString", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=STORAGE_ACCOUNT_KEY;EndpointSuffix=core.windows.net")]
    [InlineData("Rabbit:Url", "amqp://orders:RABBIT_PASSWORD@rabbit:5672/")]
    [InlineData("Api:ApiKey", "SAS_KEY_VALUE")]
    [InlineData("Smtp:Password", "SMTP_PASSWORD")]
    public void DefaultDummyOrVariableName_IsNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    // Dummy words inside a longer value, and capitals with digits, mixed case or one word, stay secrets.
    [InlineData("RabbitMq:Password", "guest-7Qx2Lm9")]
    [InlineData("Smtp:Password", "Fake4Real!x")]
    [InlineData("Api:ApiKey", "mockingbird-Zx81kLm29Qp")]
    [InlineData("Db:Password", "stubborn-Pass-2024")]
    [InlineData("Smtp:Password", "HUNTERTWO")]
    [InlineData("Smtp:Password", "HUNTER_TWO_2024")]
    [InlineData("Api:ApiKey", "Sas_Key_Value_Zx81kLm29")]
    [InlineData("Admin:Password", "test1234!Qx")]
    [InlineData("Db:Password", "ORDERS_DB_2024")]
    [InlineData("Jwt:Secret", "Mock_Secret_For_Prod_8Kc1Hy6")]
    public void DummyWordsInsideRealValues_AreSecret(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.SecretKeyName, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("ServiceBus:ConnectionString", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=K3Y_VALUE_ABC")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=Db_Password_2024")]
    [InlineData("ConnectionStrings:Default", "Server=db;Database=app;User Id=app;Password=HUNTERTWO")]
    [InlineData("Rabbit:Url", "amqp://guest:guest-7Qx2Lm9@rabbit:5672/")]
    [InlineData("Rabbit:Url", "amqp://orders:Rabbit_Password_9@rabbit:5672/")]
    public void CredentialWithCapitalsOrDummyPrefix_IsStillACredentialShape(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.CredentialShape, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("Hashing:Pepper", "Pp3r-9Xw2Lm7Rt4Vb8Nc1Hf")]
    [InlineData("Security:PasswordPepper", "c9XvT2qP7wLm4Rz8NbY3")]
    [InlineData("Identity:HashPepper", "x7Kq2LmP9rT4vW8yZ1bN")]
    public void PepperNamedKey_WithPlaintextValue_IsSecret(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.SecretKeyName, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("Hashing:PepperLength", "32")]
    [InlineData("Hashing:PepperVersion", "v2")]
    [InlineData("Hashing:PepperSecretName", "orders-pepper")]
    [InlineData("Hashing:Pepper", "${HASHING_PEPPER}")]
    [InlineData("Hashing:Pepper", "changeme")]
    public void PepperSettingsAndPlaceholders_AreNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    [InlineData("Hangfire:Dashboard:Users:0:PasswordClear", "j4vQUXJhtRy%a*")]
    [InlineData("Dashboard:PasswordPlain", "Bg!7f3kQ9z-2024")]
    [InlineData("Smtp:PasswordPlainText", "Tr0ub4dor&3")]
    [InlineData("Smtp:PasswordClearText", "Tr0ub4dor&3")]
    [InlineData("Legacy:PwdRaw", "hunter2!x")]
    [InlineData("Auth:ClientSecretValue", "yC8Zq7T5xN3pR1mK9vB4wD6sF2hJ0gL")]
    [InlineData("Api:ApiKeyRaw", "mK9xL2pQ7rT4vW8yZ1bN")]
    [InlineData("Webhook:SecretUnencrypted", "s3cr3t-v4lue-x9Qk")]
    [InlineData("Webhooks:SigningKeyB64", "jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ=")]
    [InlineData("Webhooks:SigningKeyBase64", "jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ=")]
    [InlineData("Unsubscribe:SecretHex", "e507a320f66ef5ad2a4d1790df2ca658ac152062067c3469b50b29818c961557")]
    [InlineData("Jwt:SigningKeyBytes", "Zq4mR8vT2xLp6Nc0Kb9WqLm3")]
    [InlineData("Coinbase:PrivateKeyPem", "MHcCAQEEIBkZs9vQp3Lx7Rt2Wc8Nm4Yd6Hj1Kq5Vz0")]
    public void SecretWord_FollowedByFormQualifier_IsSecretLikeClearPassword(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.SecretKeyName, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("Identity:PasswordRequiredLength", "Pbkdf2Sha512x9Q")]
    [InlineData("Identity:PasswordHashAlgorithm", "Pbkdf2Sha512x9Q")]
    [InlineData("Identity:PasswordExpiryDays", "Pbkdf2Sha512x9Q")]
    [InlineData("Auth:PasswordResetUrl", "Pbkdf2Sha512x9Q")]
    [InlineData("Identity:PasswordHashValue", "Pbkdf2Sha512x9Q")]
    [InlineData("Login:PasswordText", "Pbkdf2Sha512x9Q")]
    [InlineData("Cache:KeyValue", "Pbkdf2Sha512x9QzzLmR4")]
    [InlineData("KeyVault:SecretNameValue", "Pbkdf2Sha512x9Q")]
    [InlineData("Display:PlainText", "Pbkdf2Sha512x9Q")]
    [InlineData("Dashboard:PasswordClear", "true")]
    [InlineData("Cache:KeyHex", "e507a320f66ef5ad2a4d1790df2ca658")]
    [InlineData("Tls:CertificatePem", "MIIBkTCB+wIJAKHHIG2Ky3Lx7Rt2Wc8Nm4Yd6Hj1")]
    [InlineData("Hashing:SaltBase64", "jGNe3R/UF/CJ6geyol0OAxd3HUteNloYxXMsyQ7GWRQ=")]
    [InlineData("Jwt:TokenLengthBytes", "Pbkdf2Sha512x9Q")]
    [InlineData("Jwt:SigningKeyB64", "${JWT_SIGNING_KEY_B64}")]
    public void FormQualifier_AfterNonSecretName_IsNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    [InlineData("Slack:BotToken", "xoxb-your-bot-token")]
    [InlineData("Slack:BotToken", "xoxb-your-token")]
    [InlineData("Slack:UserToken", "xoxp-your-slack-token-here")]
    [InlineData("GitHub:Token", "ghp_your_token_here")]
    [InlineData("GitHub:Token", "ghp_yourpersonalaccesstokengoeshereXXXXX")]
    [InlineData("GitLab:Token", "glpat-your-gitlab-token-here")]
    [InlineData("Stripe:SecretKey", "sk_live_your_key")]
    [InlineData("Stripe:SecretKey", "sk_live_yourstripesecretkey")]
    [InlineData("Stripe:SecretKey", "sk_test_xxxxxxxxxxxxxxxx")]
    [InlineData("Aws:AccessKeyId", "AKIAYOURACCESSKEYXXX")]
    [InlineData("Aws:AccessKeyId", "AKIAXXXXXXXXXXXXXXXX")]
    [InlineData("SendGrid:ApiKey", "SG.your-sendgrid-key.your-sendgrid-secret")]
    public void ProviderTokenShape_OfPlaceholderWords_IsNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    [InlineData("Slack:BotToken", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")]
    [InlineData("Slack:BotToken", "xoxb-your-bot-token-7Hc9Kq2")]
    [InlineData("Slack:BotToken", "xoxb-ZqwRtyPlmNbvCxzKwe")]
    [InlineData("GitHub:Token", "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB")]
    [InlineData("GitLab:Token", "glpat-Xk9Lm2Pq7RtW4vB8nYzA")]
    [InlineData("Stripe:SecretKey", "sk_live_51H8xYzAbCdEfGhIjKlMnOp")]
    [InlineData("Stripe:SecretKey", "sk_live_yourkeyQzWmRtVbXn")]
    [InlineData("Aws:AccessKeyId", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("Aws:AccessKeyId", "AKIAYOURACCESSKEY7QX")]
    [InlineData("SendGrid:ApiKey", "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")]
    [InlineData("Shopify:ApiSecret", "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")]
    public void ProviderTokenShape_WithRandomBody_IsCredentialShape(string keyPath, string value)
        => Assert.Equal(SecretVerdictKind.CredentialShape, SecretClassifier.Classify(keyPath, value).Kind);

    [Theory]
    [InlineData("https://contoso.webhook.office.com/webhookb2/7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/1bf66ccbb8e745e791fa6e6de0cf465b/4361420b-8fde-48eb-b62a-0e34fec63f5c", "a Microsoft Teams webhook URL")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/1bf66ccbb8e745e791fa6e6de0cf465b/4361420b-8fde-48eb-b62a-0e34fec63f5c/V2mZ4p8Qx", "a Microsoft Teams webhook URL")]
    [InlineData("https://greenacre.webhook.office.com/webhookb2/7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/0IN9jKlYkXsQwPvDVL4fTkiIRYdawto8/4361420b-8fde-48eb-b62a-0e34fec63f5c", "a Microsoft Teams webhook URL")]
    [InlineData("https://outlook.office.com/webhook/9da5da9c-4218-4c22-aed6-b5c8baebfff5@2f2b54b7-0141-4ba7-8fcd-ab7d17a60547/IncomingWebhook/4d2b3a16113d4e1bbd0a4d5f4b7c2e81/4361420b-8fde-48eb-b62a-0e34fec63f5c", "a Microsoft Teams webhook URL")]
    [InlineData("https://discord.com/api/webhooks/1234567890123456789/Xk9_Lm2-Pq7RtW4vB8nYzA1bC3dE5fG7hJ9kL0mN2pQ4rS6tU8vW0xY2zA4bC6dE8fG0", "a Discord webhook URL")]
    [InlineData("https://discordapp.com/api/v10/webhooks/987654321098765432/aB3dE5fG7hJ9kL0mN2pQ4rS6tU8vW0xY2zA4bC6dE8fG0hJ2kL4mN6pQ8", "a Discord webhook URL")]
    [InlineData("https://hooks.slack.com/services/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", "a Slack webhook URL")]
    [InlineData("https://hooks.slack.com/workflows/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", "a Slack webhook URL")]
    [InlineData("key-3ax6xnjp29jd6fds4gc373sgvjxteol0", "a Mailgun API key")]
    [InlineData("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", "a Shopify access token or shared secret")]
    [InlineData("pat-eu1-7d2c9b40-1f6e-4a3b-9c8d-2e5f7a1b3c4d", "a HubSpot private app token")]
    [InlineData("sk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6ImNrOXoxMmFiYzAwMDEifQ.Xk9Lm2Pq7RtW4vB8nYzA1b", "a Mapbox secret token")]
    [InlineData("key-62833bf8c07c531ab4f8c1d2e3a6a667", "a Mailgun API key")]
    [InlineData("ser.Xq8vK2mN9pL4rT7wY1zB3cD6fG", "a Flagsmith server-side key")]
    [InlineData("ser.UiYoRr6zUjiFBUXaRwo7b5", "a Flagsmith server-side key")]
    public void WebhookUrlsAndProviderKeys_AreCredentialShapes(string value, string shape)
    {
        var verdict = SecretClassifier.Classify("Notifications:WebhookUrl", value);

        Assert.Equal((SecretVerdictKind.CredentialShape, shape), (verdict.Kind, verdict.Shape));
    }

    [Theory]
    [InlineData("https://contoso.webhook.office.com/webhookb2/<webhook-id>")]
    [InlineData("https://yourorg.webhook.office.com/webhookb2/XXXXXXXX@XXXXXXXX/IncomingWebhook/XXXXXXXXXX/YYYYYYYY")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/123@456/IncomingWebhook/789/000")]
    [InlineData("https://discord.com/api/webhooks/123/abc")]
    [InlineData("https://discord.com/developers/docs/resources/webhook")]
    [InlineData("https://hooks.slack.com/services/")]
    [InlineData("pubkey-3ax6xnjp29jd6fds4gc373sgvjxteol0")]
    [InlineData("key-abcdefghijklmnopqrstuvwxyzabcdef")]
    [InlineData("shpat_00000000000000000000000000000000")]
    [InlineData("pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6ImNrOXoxMmFiYzAwMDEifQ.Xk9Lm2Pq7RtW4vB8nYzA1b")]
    [InlineData("orders-cache-key-v1")]
    [InlineData("ser.orders.processing.timeout")]
    [InlineData("ser.OrderProcessingTimeoutSeconds")]
    [InlineData("ser.your-server-side-environment-key")]
    public void WebhookDocsAndPlaceholders_AreNotCredentialShapes(string value)
        => Assert.NotEqual(SecretVerdictKind.CredentialShape, SecretClassifier.Classify("Notifications:WebhookUrl", value).Kind);

    [Theory]
    [InlineData("Exchanges:2:PrivateKey", "-----BEGIN PRIVATE KEY-----\nYOUR PRIVATE KEY\n-----END PRIVATE KEY-----")]
    [InlineData("Signing:PrivateKey", "-----BEGIN PRIVATE KEY-----\n${PRIVATE_KEY}\n-----END PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN EC PRIVATE KEY-----\nXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n-----END EC PRIVATE KEY-----")]
    [InlineData("Signing:PrivateKey", "-----BEGIN PRIVATE KEY-----\nREPLACE_ME\n-----END PRIVATE KEY-----")]
    [InlineData("Signing:PrivateKey", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----")]
    [InlineData("Signing:PrivateKey", "-----BEGIN PRIVATE KEY-----\n<paste your key here>\n-----END PRIVATE KEY-----")]
    public void PemBlock_WithATemplateBody_IsNotSecret(string keyPath, string value)
        => Assert.False(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Theory]
    [InlineData("Signing:Material", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nhF4C2eZ9Qm7Kd1Lw8Rt3Xy6Vb0Np5Js\n-----END RSA PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN PRIVATE KEY-----")]
    [InlineData("Signing:Material", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC")]
    public void PemBlock_WithKeyMaterialOrOnlyItsHeader_IsAPrivateKey(string keyPath, string value)
    {
        var verdict = SecretClassifier.Classify(keyPath, value);

        Assert.Equal((SecretVerdictKind.CredentialShape, "a PEM private key"), (verdict.Kind, verdict.Shape));
    }

    [Theory]
    [InlineData("DbPassword", new[] { "db", "password" })]
    [InlineData("db_password", new[] { "db", "password" })]
    [InlineData("APIKey", new[] { "api", "key" })]
    [InlineData("X-Api-Key", new[] { "x", "api", "key" })]
    [InlineData("OAuth2ClientSecret", new[] { "o", "auth2", "client", "secret" })]
    public void SplitWords_HandlesCasingAndSeparators(string name, string[] expected)
        => Assert.Equal(expected, SecretKeyNames.SplitWords(name));

    // Held-out set 21: a secret store's scheme (kv, keyvault, vault, ssm, secretsmanager, sm, gsm, azurekv, akv) and a
    // path of lower-case words is a reference to the secret; a capital or a random run after the scheme keeps it a secret.
    [Theory]
    [InlineData("Security:PasswordHashing:Pepper", "kv:rxbridge-stg/pepper", false)]
    [InlineData("Security:Pepper", "kv:rxbridgestg/pepper", false)]
    [InlineData("Security:Pepper", "keyvault:rxbridge-stg/pepper", false)]
    [InlineData("Security:Pepper", "vault:secret/rxbridge/pepper", false)]
    [InlineData("Security:Pepper", "ssm:/rxbridge/stg/pepper", false)]
    [InlineData("Security:Pepper", "secretsmanager:rxbridge/stg/pepper", false)]
    [InlineData("Security:Pepper", "gsm://projects/rxbridge-stg/secrets/pepper2", false)]
    [InlineData("Security:Pepper", "azurekv:rxbridge-stg/pepper", false)]
    [InlineData("Db:Password", "kv:rxbridge-stg/db-password", false)]
    [InlineData("Hub:Token", "vault:kv/data/loadboard#token", false)]
    [InlineData("Idp:ClientSecret", "sm:orders/prod/idp.client_secret", false)]
    [InlineData("Security:Pepper", "kv:Xk29vLq8Rt4mZc", true)]
    [InlineData("Security:Pepper", "vault:secret/app#Xk29vLq8Rt4mZc77", true)]
    [InlineData("Security:Pepper", "kv:9f3a7c2e1b8d4f6a0c5e", true)]
    [InlineData("Hub:Token", "vault:x7q2m9z4k8w3p5r1", true)]
    [InlineData("Hub:Token", "ssm:/orders/qzkxmvbtplwrhdnfyjcgsqzkxm", true)]
    [InlineData("Db:Password", "kv:Hunter2!", true)]
    public void SecretStoreReference_OfLowerCaseWords_IsNotASecret(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // Held-out set 21: a PIN-like password of 6+ digits under a password-like name is a secret, as inside a connection
    // string; one digit repeated and runs (123456, 654321) are dummies, and token-like, key-like and describing names keep
    // digits as settings (ports, ids, counts, lengths).
    [Theory]
    [InlineData("Db:Password", "98127634", true)]
    [InlineData("Hsm:HsmPartitionPassword", "98127634", true)]
    [InlineData("Door:Passcode", "481516", true)]
    [InlineData("Vpn:Pwd", " 20731958 ", true)]
    [InlineData("Wallet:Passphrase", "8061942375", true)]
    [InlineData("Db:Password", "12345", false)]
    [InlineData("Db:Password", "123456", false)]
    [InlineData("Db:Password", "654321", false)]
    [InlineData("Db:Password", "000000", false)]
    [InlineData("Db:Password", "777777", false)]
    [InlineData("Db:Password", "1234567890", false)]
    [InlineData("Db:Password", "9876543210", false)]
    [InlineData("Api:Token", "98127634", false)]
    [InlineData("Api:ApiKey", "98127634", false)]
    [InlineData("Storage:Key", "9812763498127634", false)]
    [InlineData("Identity:PasswordLength", "98127634", false)]
    [InlineData("Identity:PasswordExpiryDays", "365000", false)]
    [InlineData("Hsm:PinRetries", "481516", false)]
    [InlineData("Hsm:UserPin", "481516", false)]
    [InlineData("ConnectionStrings:Default", "98127634", false)]
    public void DigitsUnderPasswordName_AreASecretUnlessADummy(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // Held-out set 21: a trailing number or version (rotation pairs ApiKey1/ApiKey2, Password_2, AdminPassword2024,
    // SecretV2) does not change what a name says; digits inside a name (OAuth2, Sha256) and describing names stay as they are.
    [Theory]
    [InlineData("Password2", "Password")]
    [InlineData("Password_2", "Password")]
    [InlineData("AdminPassword2024", "Password")]
    [InlineData("hsmPassword2", "Password")]
    [InlineData("PasswordV2", "Password")]
    [InlineData("ApiKey2", "Token")]
    [InlineData("Token2", "Token")]
    [InlineData("ClientSecret1", "Token")]
    [InlineData("SecretV2", "Token")]
    [InlineData("secret_v2", "Token")]
    [InlineData("HmacKey1", "Token")]
    [InlineData("Key1", "GenericKey")]
    [InlineData("Key", "GenericKey")]
    [InlineData("PasswordMinLength2", "None")]
    [InlineData("PasswordLength", "None")]
    [InlineData("ApiKeyHeader2", "None")]
    [InlineData("ClientId2", "None")]
    [InlineData("PublicKey2", "None")]
    [InlineData("CacheKey1", "None")]
    [InlineData("PartitionKey2", "None")]
    [InlineData("CacheKeyB64", "None")]
    [InlineData("SaltBase64", "None")]
    [InlineData("Oauth2", "None")]
    [InlineData("Sha256", "None")]
    [InlineData("Step2", "None")]
    [InlineData("OAuth2ClientSecret", "Token")]
    [InlineData("SigningKeyB64", "Token")]
    public void Classify_TrailingNumberOrVersion_ClassifiesAsTheNameWithout(string name, string expected)
        => Assert.Equal(expected, SecretKeyNames.Classify(name).ToString());

    [Theory]
    [InlineData("Db:Password2", "Xk29vLq8Rt")]
    [InlineData("Db:Password_2", "Xk29vLq8Rt")]
    [InlineData("Admin:AdminPassword2024", "Xk29vLq8Rt")]
    [InlineData("Partner:ApiKey2", "Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Hub:Token2", "Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Idp:ClientSecret1", "Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Idp:SecretV2", "Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Webhooks:HmacKey1", "Zx81kLm29QpR7tWv5YbN3c")]
    [InlineData("Storage:Key1", "Zx81kLm29QpR7tWv5YbN3cHq2Zr7Lm3Vn9Tb4Fh8Kq==")]
    public void SecretName_WithTrailingNumberOrVersion_IsSecret(string keyPath, string value)
        => Assert.True(SecretClassifier.Classify(keyPath, value).IsSecret);

    [Fact]
    public void MayBeSecretName_AdmitsEverySecretClassifiedName()
    {
        var names = new[] { "Password", "Pepper", "DbPwd", "ClientSecret", "ApiKey", "AccessToken", "Credentials", "SasToken", "GitHubPat", "Passphrase", "Key", "Password2", "AdminPassword2024", "ApiKey2", "SecretV2", "HmacKey1", "Key1", "message", "format", "path", "value", "name" };

        foreach (var name in names)
        {
            if (SecretKeyNames.Classify(name) != SecretKeyClass.None)
            {
                Assert.True(SecretKeyNames.MayBeSecretName(name), name);
            }
        }

        Assert.False(SecretKeyNames.MayBeSecretName("message"));
    }

    // A value too long to scan is decided by its key's name alone, the same on a busy machine as on an idle one (the
    // patterns' timeout used to turn such a value into "not secret" when the machine was slow).
    [Theory]
    [InlineData("Smtp:Password", true)]
    [InlineData("Jwt:SigningKey", true)]
    [InlineData("Logging:Template", false)]
    [InlineData("ConnectionStrings:Default", false)]
    public void VeryLongValue_IsDecidedByTheKeyName(string keyPath, bool secret)
    {
        var random = new Random(7);
        var value = new string(Enumerable.Range(0, 1_000_000).Select(_ => (char)random.Next('!', '~')).ToArray());

        Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);
    }

    // Held-out set 17: a pointer to where the secret is kept is no secret; a passphrase of words still is one.
    [Theory]
    [InlineData("Auth0:ClientSecret", "see 1Password", false)]
    [InlineData("Exchange:ApiKey", "see Bitwarden", false)]
    [InlineData("Db:Password", "see 1Password", false)]
    [InlineData("Db:Password", "stored in Azure Key Vault", false)]
    [InlineData("Api:Token", "in Vault", false)]
    [InlineData("Db:Password", "see you at 9 Tr0mb0ne!", true)]
    [InlineData("Db:Password", "vault-Tr0mb0ne-2291", true)]
    [InlineData("Db:Password", "see Vault:Xy7!k2pQ9", true)]
    [InlineData("Db:Password", "in vault, fallback P@ssw0rd1", true)]
    [InlineData("Db:Password", "see 1Password vault", false)]
    public void SecretStorePointer_IsNotASecret(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // Held-out set 19: the common secret stores are named, and a short note of words may follow the store's name; a
    // note with a digit, a symbol or a run of mixed case (a password in parentheses) keeps the value a secret.
    [Theory]
    [InlineData("Ldap:BindPassword", "stored in CyberArk (SCADA safe)", false)]
    [InlineData("Ldap:BindPassword", "stored in CyberArk", false)]
    [InlineData("Db:Password", "see CyberArk Conjur", false)]
    [InlineData("Db:Password", "in Conjur", false)]
    [InlineData("Db:Password", "stored in Thycotic Secret Server", false)]
    [InlineData("Db:Password", "kept in Delinea Secret Server", false)]
    [InlineData("Db:Password", "see Secret Server", false)]
    [InlineData("Db:Password", "stored in GCP Secret Manager", false)]
    [InlineData("Db:Password", "stored in Google Secret Manager", false)]
    [InlineData("Db:Password", "stored in AWS SSM Parameter Store", false)]
    [InlineData("Db:Password", "in SSM Parameter Store", false)]
    [InlineData("Db:Password", "stored in HashiCorp Vault", false)]
    [InlineData("Db:Password", "see Akeyless", false)]
    [InlineData("Db:Password", "see Infisical", false)]
    [InlineData("Db:Password", "see Passbolt", false)]
    [InlineData("Db:Password", "see KeePass", false)]
    [InlineData("Db:Password", "see Dashlane", false)]
    [InlineData("Db:Password", "stored in Bitwarden (SCADA safe)", false)]
    [InlineData("Db:Password", "stored in Key Vault (SCADA safe)", false)]
    [InlineData("Db:Password", "see 1Password - ops folder", false)]
    [InlineData("Db:Password", "stored in HashiCorp Vault, prod vault", false)]
    [InlineData("Db:Password", "in Azure Key Vault (read-only, ops team).", false)]
    [InlineData("Vet:Password", "see 1Password: Integrations / IDEXX staging", false)]
    [InlineData("Api:Token", "stored in CyberArk (SCADA safe)", false)]
    [InlineData("Exchange:ApiKey", "see CyberArk", false)]
    [InlineData("Db:Password", "see 1Password: Hunter2x!", true)]
    [InlineData("Db:Password", "stored in Vault (pw Xk29vLq8Rt)", true)]
    [InlineData("Db:Password", "in CyberArk p@ss-w0rd-77", true)]
    [InlineData("Db:Password", "stored in Vault (pw XkvLqRtPzW)", true)]
    [InlineData("Db:Password", "stored in CyberArk - Tr0ub4dor", true)]
    [InlineData("Db:Password", "see Bitwarden (until the move ends use correct horse battery staple)", true)]
    [InlineData("Db:Password", "stored in CyberArkXk29", true)]
    public void SecretStorePointer_WithANote_IsNotASecret(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // Held-out set 20: a slug of lower-case words that ends in a pointer ("dd-api-key-in-secrets-manager") points to the
    // store as the phrase does, wherever the pointing word is; a slug with a digit, capitals or a random run before the
    // pointer, or one that does not end in a store's name, keeps the value in play.
    [Theory]
    [InlineData("Datadog:ApiKey", "dd-api-key-in-secrets-manager", false)]
    [InlineData("Datadog:ApiKey", "api-key-in-secrets-manager", false)]
    [InlineData("Datadog:ApiKey", "datadog-api-key-in-secrets-manager", false)]
    [InlineData("Datadog:ApiKey", "dd-api-key-in-key-vault", false)]
    [InlineData("Datadog:ApiKey", "api_key_in_secrets_manager", false)]
    [InlineData("Datadog:ApiKey", "kept-in-secrets-manager", false)]
    [InlineData("Datadog:ApiKey", "dd-api-key-in-parameter-store", false)]
    [InlineData("Datadog:ApiKey", "api-key-in-aws-secrets-manager", false)]
    [InlineData("Datadog:ApiKey", "api-key-in-1password", false)]
    [InlineData("Datadog:ApiKey", "dd-api-key-in-secretsmanager", false)]
    [InlineData("Db:Password", "in-secrets-manager", false)]
    [InlineData("Db:Password", "stored-in-bitwarden", false)]
    [InlineData("Db:Password", "orders-db-password-see-1password", false)]
    [InlineData("Db:Password", "dd-7Hq2Lx9Vb4-in-vault", true)]
    [InlineData("Datadog:ApiKey", "dd-7hq2lx9vb4-in-secrets-manager", true)]
    [InlineData("Datadog:ApiKey", "xkqzvbnwrtplmsdfghjk-in-vault", true)]
    [InlineData("Datadog:ApiKey", "dd-api-key-in-secrets-manager-7Hq2Lx9Vb4", true)]
    [InlineData("Db:Password", "vault-Tr0mb0ne-2291", true)]
    [InlineData("Db:Password", "correct-horse-battery-staple-in", true)]
    public void SecretStorePointer_AsASlug_IsNotASecret(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // Held-out set 19: lower-case words without a digit that call themselves a secret (InfluxDB's documented docker token
    // "my-super-secret-auth-token") are a stand-in under a token-like name, as words that say what they are for are. One
    // word, a digit, other words (a passphrase) or a password-like name keep the value in play.
    [Theory]
    [InlineData("Influx:Token", "my-super-secret-auth-token", false)]
    [InlineData("Influx:Token", "super-secret-auth-token", false)]
    [InlineData("Influx:Token", "my-secret-auth-token", false)]
    [InlineData("Influx:AdminToken", "my_super_secret_admin_token", false)]
    [InlineData("Reports:ApiKey", "our-shared-reporting-api-key", false)]
    [InlineData("Jwt:Secret", "a-very-long-jwt-secret-phrase", false)]
    [InlineData("Influx:Token", "supersecretauthtokenvalue", true)]
    [InlineData("Influx:Token", "my-super-secret-auth-token-7f3a", true)]
    [InlineData("Influx:Token", "correct-horse-battery-staple-orbit", true)]
    [InlineData("Db:Password", "my-super-secret-password", true)]
    public void LowerCasePhraseCallingItselfASecret_IsAStandIn(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);

    // A nil or one-character GUID under Vault's SecretId is a dummy, as under any other name; a random one is the secret.
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", false)]
    [InlineData("8e1d4c2a-7b6f-4e3d-9a1b-2c3d4e5f6a7b", true)]
    public void GuidUnderSecretId_IsASecretUnlessADummy(string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify("Vault:SecretId", value).IsSecret);

    // Twilio's API key SID (SK + 32 hex) is the key's identifier under a name that says SID; pasted under another name
    // it may be the credential, and keeps its shape.
    [Theory]
    [InlineData("Twilio:ApiKeySid", false)]
    [InlineData("Twilio:KeySid", false)]
    [InlineData("Twilio:ApiKey", true)]
    [InlineData("Notifications:Twilio", true)]
    public void TwilioApiKeySid_IsAnIdentifierUnderASidName(string keyPath, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, "SK1b43f3d2bc3948593d99088ec5f8aa7c").IsSecret);

    // Public material that is often long (a CA bundle, a JWKS document) is not a secret under a key-like name either.
    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\n")]
    [InlineData("{ \"keys\": [")]
    public void VeryLongPublicMaterial_IsNotSecret(string start)
        => Assert.False(SecretClassifier.Classify("Jwt:SigningKeys", start + new string('A', 100_000)).IsSecret);

    // Held-out set 18: a hyphenated child of a secret container is a dictionary key, a label (a farm's north field),
    // not a property that describes the secret; the strongest describing tails still count there.
    [Theory]
    [InlineData("Gateways:Tokens:north-field", "gw_7Hq2Lx9Vb4Nm1Zp8Rt3Ks6Yd", true)]
    [InlineData("Gateways:Tokens:south-field", "gw_3Fj8Wc1Qe6Ua9Ty2Bo5Mi7Gh", true)]
    [InlineData("Gateways:Tokens:north-id", "gw-north-7", false)]
    [InlineData("Forms:Tokens:CsrfField", "__RequestVerificationToken", false)]
    public void HyphenatedChildOfASecretContainer_IsALabel(string keyPath, string value, bool secret)
        => Assert.Equal(secret, SecretClassifier.Classify(keyPath, value).IsSecret);
}
