using System;
using System.Collections.Generic;
using System.Text;

namespace KmsConfig.SecretRules;

/// <summary>
/// Classifies configuration key names. The head noun decides: <c>DbPassword</c> is a password, but
/// <c>PasswordMinLength</c>, <c>TokenExpiryMinutes</c>, <c>ClientSecretName</c> and <c>ApiKeyHeader</c> are settings
/// about one. Public identifiers (<c>ClientId</c>, <c>PublishableKey</c>) are never secrets.
/// </summary>
internal static class SecretKeyNames
{
    // Head nouns that describe a secret rather than hold one; matched against the last word of the name.
    private static readonly HashSet<string> s_describingTails = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "ids", "name", "names", "url", "urls", "uri", "uris", "endpoint", "endpoints", "path", "paths", "file",
        "files", "filename", "dir", "directory", "folder", "length", "size", "lifetime", "lifespan", "ttl", "expiry",
        "expiration", "expires", "expire", "enabled", "enable", "disabled", "disable", "required", "require", "header",
        "headers", "type", "types", "mode", "policy", "policies", "format", "algorithm", "algorithms", "alg", "issuer",
        "issuers", "audience", "audiences", "scheme", "schemes", "provider", "providers", "store", "location", "version",
        "prefix", "suffix", "count", "minutes", "seconds", "days", "hours", "ms", "milliseconds", "timeout", "duration",
        "interval", "attempts", "retries", "hint", "min", "max", "minimum", "maximum", "regex", "pattern", "rotation",
        "hash", "hashed", "salt", "field", "parameter", "param", "claim", "claims", "label", "description", "title",
        "text", "message", "template", "validation", "validator", "options", "settings", "kind", "source", "method",
        "flow", "grant", "cookie", "query", "region", "host", "hostname", "port", "server", "database", "user",
        "username", "login", "email", "account", "owner", "reference", "ref", "arn", "alias", "mapping", "scope",
        "scopes", "permission", "permissions", "role", "roles", "at", "on", "date", "time", "utc", "reset", "recovery",
        "strength", "complexity", "chars", "characters", "digits", "uppercase", "lowercase", "nonalphanumeric",
        "unique", "history", "vault", "manager", "handler", "service", "client", "generator",
        "encoding", "charset", "culture", "lang", "language", "level", "levels", "log", "logging", "tag", "tags",
        "category", "usage", "use", "uses", "purpose", "audit", "cache", "caching", "refresh", "renewal", "skew",
        "clockskew", "validate", "validated", "check", "checks", "sign", "signed", "lock", "lockout", "delay",
        "backoff", "limit", "limits", "quota", "threshold", "thumbprint", "fingerprint", "subject", "container",
        "bucket", "table", "queue", "topic", "channel", "secretname", "keyname", "property", "attribute", "column",
    };

    // Head nouns of "key" names that are not secrets. "Routing" is not one: a RabbitMQ routing key is dotted words, which
    // the generic-key rule already passes over, but PagerDuty's RoutingKey is an integration secret.
    private static readonly HashSet<string> s_publicKeyQualifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "public", "publishable", "site", "instrumentation", "partition", "cache", "sort", "anon", "anonymous",
        "foreign", "idempotency", "feature", "resource", "localization", "row", "lookup", "map", "hash", "dedup",
        "deduplication", "message", "object", "s3", "blob", "file", "kid", "setting", "config",
        "configuration", "redis", "entity", "composite", "unique", "natural", "business", "shard",
        "index", "search", "translation", "i18n", "string", "registry", "registration", "header", "query", "cookie",

        // Mux Data's and Flagsmith's client-side environment keys are embedded in browsers and players; Flagsmith's
        // server-side key has a shape of its own (CredentialPatterns).
        "environment",
    };

    // Qualifiers that make "...Key" a token-class secret. "Account" is not one: Azure's AccountKey is 88 characters of
    // base64, which the generic-key rule reports, while a ledger's AccountKey is a short code.
    private static readonly HashSet<string> s_secretKeyQualifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "secret", "access", "private", "signing", "encryption", "master", "shared", "hmac",
        "subscription", "license", "licence", "auth", "authentication", "app", "application", "client", "admin", "jwt",
        "security", "symmetric", "crypto", "webhook", "session", "service", "server", "consumer",
        "write", "read", "management", "ingestion", "sdk", "deploy", "deployment", "integration", "mac", "aes", "cipher",
        "decryption", "validation", "protection", "root", "bot", "developer", "partner", "merchant", "live", "prod",
        "production",
    };

    // Words that say in what form a secret is held (PasswordClear, PasswordPlain, ApiKeyValue, SigningKeyB64,
    // WebhookSecretHex, PrivateKeyPem); they qualify the secret as ClearPassword does, so the name is classified without
    // them. "text" counts only after plain or clear.
    private static readonly HashSet<string> s_formQualifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "clear", "plain", "raw", "value", "cleartext", "plaintext", "unencrypted", "b64", "base64", "hex", "bytes", "pem",
    };

    // A wallet's recovery words (BIP39 mnemonic) are a password made of words.
    private static readonly string[] s_passwordWords =
    {
        "password", "passwd", "passphrase", "passcode", "pwd", "pass", "pw", "mnemonic", "seedphrase", "recoveryphrase",
    };

    private static readonly string[] s_tokenWords =
    {
        "secret", "secrets", "token", "tokens", "apikey", "apikeys", "credential", "credentials", "creds", "sas",
        "privatekey", "secretkey", "accesskey", "signingkey", "encryptionkey", "masterkey", "sharedkey",
        "hmackey", "subscriptionkey", "licensekey", "authkey", "appkey", "clientkey", "adminkey", "jwtkey",
        "securitykey", "symmetrickey", "webhookkey", "sessionkey", "servicekey", "serverkey", "writekey", "readkey",
        "managementkey", "ingestionkey", "sdkkey", "deploykey", "botkey", "pat", "authtoken", "bearertoken",
        "secretkeybase", "pepper",

        // Agora's App Certificate signs its tokens; other certificates are public.
        "appcertificate",

        // "user:password" pairs: Confluent's basic.auth.user.info, and BasicAuth settings in general.
        "basicauth", "basicauthuserinfo",
    };

    // Names that look secret but hold public identifiers or settings.
    private static readonly HashSet<string> s_publicNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "publickey", "publishablekey", "sitekey", "recaptchasitekey", "instrumentationkey", "clientid", "appid",
        "applicationid", "tenantid", "usersecretsid", "csrftoken", "xsrftoken", "antiforgerytoken", "tokenvalidationparameters",
        "passthrough", "secretsmanager", "secretmanager", "keyvault", "tokenendpoint",
        "tokenurl", "passwordless", "tokenprovider", "tokenproviders", "tokenhandler", "passport", "pathbase",
        // Algolia's search-only key is sent to browsers; its admin and write keys are the secrets.
        "searchapikey", "searchonlyapikey", "searchkey", "searchonlykey",
    };

    private static readonly string[] s_secretFragments = { "pass", "pwd", "pw", "secret", "token", "key", "cred", "sas", "pat", "pepper", "auth", "appcertificate", "signature", "mnemonic", "phrase" };

    /// <summary>
    /// A cheap, allocation-free pre-check: whether a name contains any fragment of a secret-like word. Names without one
    /// are never classified as secrets, so callers that see many names (every argument in a compilation) skip them.
    /// </summary>
    public static bool MayBeSecretName(string name)
    {
        foreach (var fragment in s_secretFragments)
        {
            if (name.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Classifies the configuration key name <paramref name="name"/> (one path segment).</summary>
    public static SecretKeyClass Classify(string name)
    {
        var words = SplitWords(name);
        var named = Classify(words);

        // A trailing number or version (ApiKey2 of a rotation pair, Password_2, AdminPassword2024, SecretV2) numbers the
        // secret without changing what it is. Only a name that says nothing with it is retried, so a name whose verdict
        // rests on its digits (SigningKeyB64) keeps it.
        return named == SecretKeyClass.None && WithoutTrailingVersion(words) is { } unversioned ? Classify(unversioned) : named;
    }

    private static SecretKeyClass Classify(List<string> words)
    {
        if (words.Count == 0)
        {
            return SecretKeyClass.None;
        }

        var joined = string.Concat(words);
        if (s_publicNames.Contains(joined))
        {
            return SecretKeyClass.None;
        }

        if (words.Count > 1 && (words[0] is "public" or "publishable") && words[words.Count - 1] is not ("password" or "secret"))
        {
            // PublicToken, PublicApiKey, PublishableKey: made to be shown.
            return SecretKeyClass.None;
        }

        if (WithoutFormQualifiers(words) is { } qualified)
        {
            // Only a password or a token keeps its class: "KeyValue" or "RawKey" is no more a secret than "Key" alone.
            var inner = Classify(qualified);
            return inner is SecretKeyClass.Password or SecretKeyClass.Token ? inner : SecretKeyClass.None;
        }

        var last = words[words.Count - 1];
        if (s_describingTails.Contains(last))
        {
            return SecretKeyClass.None;
        }

        foreach (var word in s_passwordWords)
        {
            if (last == word || (word.Length > 4 && joined.EndsWith(word, StringComparison.Ordinal)))
            {
                return SecretKeyClass.Password;
            }
        }

        foreach (var word in s_tokenWords)
        {
            if (last == word || (word.Length > 4 && joined.EndsWith(word, StringComparison.Ordinal)))
            {
                return SecretKeyClass.Token;
            }
        }

        if (last == "signature")
        {
            // PayPal's classic API Signature (beside ApiUsername and ApiPassword) is a credential; a signature that is
            // text or an algorithm name is not random enough for a generic key.
            return SecretKeyClass.GenericKey;
        }

        if (last == "key" || joined.EndsWith("key", StringComparison.Ordinal))
        {
            if (words.Count == 1)
            {
                return joined == "key" ? SecretKeyClass.GenericKey : SecretKeyClass.None;
            }

            var qualifier = words[words.Count - 2];
            if (s_publicKeyQualifiers.Contains(qualifier))
            {
                return SecretKeyClass.None;
            }

            return s_secretKeyQualifiers.Contains(qualifier) ? SecretKeyClass.Token : SecretKeyClass.GenericKey;
        }

        return SecretKeyClass.None;
    }

    // The words without a trailing number or version (2, 2024, v2, or the digits ending password2), or null when the name
    // has none or is nothing else.
    private static List<string>? WithoutTrailingVersion(List<string> words)
    {
        var count = words.Count;
        while (count > 1 && IsVersion(words[count - 1]))
        {
            count--;
        }

        var unversioned = words.GetRange(0, count);
        var last = unversioned[count - 1];
        var letters = last.Length;
        while (letters > 0 && char.IsDigit(last[letters - 1]))
        {
            letters--;
        }

        if (letters > 0 && letters < last.Length)
        {
            unversioned[count - 1] = last.Substring(0, letters);
        }

        return count == words.Count && letters == last.Length ? null : unversioned;
    }

    private static bool IsVersion(string word)
    {
        var start = word.Length > 1 && word[0] == 'v' ? 1 : 0;
        for (var i = start; i < word.Length; i++)
        {
            if (!char.IsDigit(word[i]))
            {
                return false;
            }
        }

        return word.Length > start;
    }

    // The name without its trailing form qualifiers, or null when it has none (or is nothing else).
    private static string? WithoutFormQualifiers(List<string> words)
    {
        var count = words.Count;
        while (count > 1)
        {
            var last = words[count - 1];
            if (s_formQualifiers.Contains(last))
            {
                count--;
            }
            else if (last == "text" && count > 2 && words[count - 2] is "plain" or "clear")
            {
                count -= 2;
            }
            else
            {
                break;
            }
        }

        return count == words.Count || count == 0 ? null : string.Join("_", words.GetRange(0, count));
    }

    /// <summary>
    /// Classifies a value by its key path: its own name first; a neutral name or a list element inherits a secret
    /// container (<c>ApiKeys:Stripe</c>, <c>Secrets:0</c>) as a token-class secret.
    /// </summary>
    public static SecretKeyClass ClassifyPath(string keyPath)
    {
        var name = KeyPaths.NameOf(keyPath);
        var own = Classify(name);
        if (own == SecretKeyClass.GenericKey && name.EndsWith("key", StringComparison.OrdinalIgnoreCase) && IsSecretContext(KeyPaths.ParentNameOf(keyPath)))
        {
            // Jwt:Key, Signing:Key, Encryption:Key: the section says what kind of key it is (not what a Signature is).
            return SecretKeyClass.Token;
        }

        if (own != SecretKeyClass.None || IsDescribingChild(name))
        {
            return own;
        }

        var container = KeyPaths.EndsWithIndex(keyPath) ? name : KeyPaths.ParentNameOf(keyPath);
        if (container.Length == 0 || !IsPluralContainer(container))
        {
            return SecretKeyClass.None;
        }

        return SecretKeyClass.Token;
    }

    // Tails that say "not the secret" even at the end of a dictionary key a team chose.
    private static readonly HashSet<string> s_labelDescribingTails = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "ids", "name", "names", "url", "urls", "uri", "uris", "endpoint", "endpoints", "path", "paths", "header", "headers",
    };

    // A hyphenated name (Tokens:north-field, ApiKeys:eu-west) is a dictionary key, which no options property can be
    // named: a label of the team's own, where "field" is a farm's field, not a form's. Only the strongest describing
    // tails still count there.
    private static bool IsDescribingChild(string name)
    {
        if (name.IndexOf('-') < 0)
        {
            return IsDescribing(name);
        }

        var words = SplitWords(name);
        return words.Count > 0 && s_labelDescribingTails.Contains(words[words.Count - 1]);
    }

    /// <summary>Whether the name describes a secret (an id, a name, a URL, a lifetime ...) rather than holding it.</summary>
    public static bool IsDescribing(string name)
    {
        var words = SplitWords(name);
        return words.Count > 0 && (s_describingTails.Contains(words[words.Count - 1]) || s_publicNames.Contains(string.Concat(words)));
    }

    /// <summary>Whether the name is a connection string (a value of <c>ConnectionStrings</c> or <c>...ConnectionString</c>).</summary>
    public static bool IsConnectionString(string keyPath)
    {
        var name = string.Concat(SplitWords(KeyPaths.NameOf(keyPath)));
        return name.EndsWith("connectionstring", StringComparison.Ordinal)
               || name.EndsWith("connstr", StringComparison.Ordinal)
               || KeyPaths.FirstSegmentIs(keyPath, "ConnectionStrings");
    }

    private static readonly string[] s_secretContexts =
    {
        "jwt", "signing", "encryption", "crypto", "hmac", "security", "secret", "token", "auth", "api", "license",
        "licence", "webhook", "cipher", "aes", "dataprotection",
    };

    private static bool IsSecretContext(string parent)
    {
        var joined = string.Concat(SplitWords(parent));
        foreach (var context in s_secretContexts)
        {
            if (joined.IndexOf(context, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPluralContainer(string container)
    {
        var words = SplitWords(container);
        if (words.Count == 0)
        {
            return false;
        }

        var joined = string.Concat(words);
        if (joined.EndsWith("keys", StringComparison.Ordinal) && joined.Length > 4
            && Classify(container.Substring(0, container.Length - 1)) is SecretKeyClass.Token or SecretKeyClass.GenericKey)
        {
            // The plural of a secret key name (HmacKeys, EncryptionKeys, WebhookKeys), not of a public one (SortKeys).
            return true;
        }

        return joined.EndsWith("secrets", StringComparison.Ordinal)
               || joined.EndsWith("apikeys", StringComparison.Ordinal)
               || joined.EndsWith("tokens", StringComparison.Ordinal)
               || joined.EndsWith("passwords", StringComparison.Ordinal)
               || joined.EndsWith("credentials", StringComparison.Ordinal)
               || joined == "keys"
               || joined.EndsWith("secretkeys", StringComparison.Ordinal)
               || joined.EndsWith("accesskeys", StringComparison.Ordinal)
               || joined.EndsWith("signingkeys", StringComparison.Ordinal);
    }

    /// <summary>Splits <c>DbPassword</c>, <c>db_password</c>, <c>API-Key</c> or <c>APIKey</c> into lower-case words.</summary>
    internal static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(words, current);
                continue;
            }

            if (current.Length > 0 && char.IsUpper(c))
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush(words, current);
                }
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush(words, current);
        return words;
    }

    private static void Flush(List<string> words, StringBuilder current)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
