using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KmsConfig.SecretRules;

/// <summary>
/// Values that are not plaintext secrets whatever their key says: encrypted values of KmsConfig and other tools,
/// references to secret stores, placeholders, well-known dummies, and settings (numbers, booleans, durations, URLs
/// without credentials, header names, file paths, KMS key ids).
/// </summary>
internal static class NonSecretValues
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);

    private static readonly string[] s_encryptedOrReferencePrefixes =
    {
        "kms:", "ENC[", "EJ[", "ENC(", "ENC{", "enc:", "{cipher}", "encrypted:", "vault:v", "@Microsoft.KeyVault(",
        "arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws:kms:", "alias/", "op://", "{{resolve:", "secretref:",
        "keyvault:", "akv:", "sm://", "gcpsm://", "ssm://", "awssm://", "secret://", "env:", "file:",
    };

    private static readonly Regex s_placeholder = new Regex(
        @"^(\$\{.*\}|\$\(.*\)|#\{.*\}#?|<.*>|[A-Za-z0-9_-]{1,12}<[^<>]+>|[A-Za-z0-9_-]{1,12}(\.{3,}|…)|__[A-Za-z0-9_.:-]+__|%[A-Za-z0-9_.:-]+%|\{\{.*\}\}|\(\(.*\)\)|\[\[.*\]\]|@[A-Za-z0-9_.-]+@|\$[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z0-9_.:-]*\})$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline,
        s_timeout);

    // Well-known dummies: placeholder words, the stand-ins of tests and local containers (RabbitMQ's guest, fake, mock,
    // stub), and stand-in words joined to what they stand for (test-password, dummy_api_key).
    private static readonly Regex s_dummy = new Regex(
        @"^(change[-_ .]?me|change[-_ .]?it|password|passw0rd|passwd|secret|token|api[-_ .]?key|placeholder|dummy|example|sample|test|testing|todo|tbd|fixme|none|null|nil|n/?a|undefined|not[-_ ]?set|unset|empty|default|redacted|hidden|masked|removed|secret[-_ ]?value|value|guest|fake|mock|mocked|stub|foo|bar|foobar|whatever|anything|unused|ignored|not[-_ .]?a[-_ .]?secret|no[-_ .]?secret|x+|\*+|\.{3,}|-+|_+|0+|•+|\?+)$"
        + @"|^(fake|dummy|mock|stub|test|sample|example|placeholder)[-_ .]?(secret|token|key|api[-_ .]?key|password|passwd|pwd|pass|value|credential)s?$"
        + @"|^(fake|dummy|mock|stub)([-_ .][a-z]+)+$"
        + @"|^(your|enter|insert|replace|put|add|set|paste)([-_ .]?(your|the|a|an|with|in|here))?[-_ .][A-Za-z0-9_ .-]*$"
        + @"|^(your|enter|replace|insert)[A-Z][A-Za-z0-9]*$"
        + @"|([-_ .](here|goes[-_ .]here)|replace[-_ .]?me|change[-_ .]?me|placeholder|not[-_ .]a[-_ .]real|fake[-_ .]?(secret|key|token|password)|xxxx)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        s_timeout);

    // Made-up phrases of test code: testConsumerSecret, fakeApiKey, ...ForUnitTests. Words in camel case without a digit,
    // or anything that ends by saying it is for tests.
    private static readonly Regex s_testPhrase = new Regex(
        @"^(test|fake|dummy|sample|example|mock)([A-Z][a-z]+)+$|(?i:for[-_ .]?(unit[-_ .]?|integration[-_ .]?)?test(s|ing)?)$",
        RegexOptions.CultureInvariant,
        s_timeout);

    // The words that point to a store, and the secret stores' names, in lower case with any separator.
    private const string PointingWords = @"see|in|ask|check|from|use|get[-_ .]it[-_ .]from|stored[-_ .]in|kept[-_ .]in|lives[-_ .]in|look[-_ .]?up[-_ .]in";

    private const string SecretStores =
        @"1password|bitwarden|lastpass|keeper|keepass(xc)?|dashlane|passbolt|akeyless|infisical|doppler|password[-_ .]manager|secret[-_ .]store"
        + @"|(cyberark[-_ .])?conjur|cyberark|((thycotic|delinea)[-_ .])?secret[-_ .]server|thycotic|delinea"
        + @"|(hashicorp[-_ .])?vault|(azure[-_ .])?key[-_ .]?vault|((aws|gcp|google([-_ .]cloud)?)[-_ .])?secrets?[-_ .]?manager"
        + @"|((aws[-_ .])?ssm[-_ .])?parameter[-_ .]store|(aws[-_ .])?ssm";

    // "see 1Password", "in Key Vault", "stored in CyberArk (SCADA safe)": a pointer to where the secret is kept. It needs
    // both the pointing word and a secret store's name, so a passphrase of words is not taken for one, and may end only in
    // a short note (s_storePointerNote), so "see 1Password (temp: Xy7!k2pQ)" keeps its secret in play.
    private static readonly Regex s_secretStorePointer = new Regex(
        @"^(" + PointingWords + @")\s+(the\s+|our\s+)?(" + SecretStores + @")\b(?<note>.{0,40})$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        s_timeout);

    // dd-api-key-in-secrets-manager, stored-in-bitwarden, orders-db-password-see-1password: the pointer as a slug, after
    // the words that say what is kept there. Those words are lower case, short and without a digit, so a slug that keeps
    // a random run before its pointer (dd-7Hq2Lx9Vb4-in-vault) is still a secret.
    private static readonly Regex s_secretStorePointerSlug = new Regex(
        @"^(?=[a-z0-9_-]+$)([a-z]{1,12}[-_])*(" + PointingWords + @")[-_](the[-_]|our[-_])?(" + SecretStores + @")$",
        RegexOptions.CultureInvariant,
        s_timeout);

    // What may follow the store's name: words, then a parenthetical or a dash, comma or colon clause of words ("see
    // 1Password vault", "(SCADA safe)", "- ops folder", ", prod vault", ": Integrations / IDEXX staging"). A word is lower
    // case, capitalised or in capitals, so a digit, a symbol or a run of mixed case (a password left in the note) is not
    // a note.
    private static readonly Regex s_storePointerNote = new Regex(
        @"^(\s+W)*\s*(\(\s*WORDS\s*\)|\s[-\u2013\u2014]\s*WORDS|\s*[,:]\s*WORDS)?\s*[.!]?$"
            .Replace("WORDS", @"W((\s*[,/&]\s*|\s+)W)*")
            .Replace("W", @"(?:[A-Z]?[a-z]+|[A-Z]+)(?:['/-](?:[A-Z]?[a-z]+|[A-Z]+))*"),
        RegexOptions.CultureInvariant,
        s_timeout);

    // SAS_KEY_VALUE, DB_PASSWORD: two or more letter-only words in capitals name a variable to substitute. Real secrets
    // have digits or mixed case, so one digit or lower-case letter keeps a value in play.
    private static readonly Regex s_variableName = new Regex(
        @"^[A-Z]+(_[A-Z]+)+$",
        RegexOptions.CultureInvariant,
        s_timeout);

    // The fixed prefixes of provider tokens (CredentialPatterns): what follows is the random part, or in documentation
    // and templates, placeholder words (xoxb-your-bot-token, sk_live_yourkey, AKIAXXXXXXXXXXXXXXXX).
    private static readonly Regex s_tokenPrefix = new Regex(
        @"^(xox[abposr]-|gh[pousr]_|github_pat_|glpat-|[sr]k_(live|test|prod)_|sk-(proj-|ant-|svcacct-)?|SG\.|AIza|npm_|shp(at|ss|ca|pa)_|pat-(na|eu|ap)[0-9]-|sk\.|key-|SK|AKIA|ASIA|ABIA|ACCA)",
        RegexOptions.CultureInvariant,
        s_timeout);

    // A vendor's or environment's short prefix before a template's or a dummy's words: shpss_your_shared_secret,
    // dop_v1_your_token, pat-na1-your-token, pd-test-token, AIza-your-places-key, AAAA-your-server-key,
    // os_v2_app_your_rest_api_key (OneSignal's prefix has three parts), A-your-sandbox-signature (PayPal's start with A),
    // EAAAsandbox-your-access-token (Square's EAAA glued to an environment word).
    private static readonly Regex s_vendorPrefix = new Regex(
        @"^[A-Za-z][A-Za-z0-9]{0,11}([_-]([a-z]{0,3}[0-9]|[a-z]{2,4})){0,2}[_-](?=(your|enter|insert|replace|put|add|set|paste|test|fake|dummy|mock|stub|sample|example|placeholder)[-_ .])",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly HashSet<string> s_placeholderWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "your", "my", "our", "the", "here", "goes", "token", "tokens", "key", "keys", "api", "secret", "access", "bot",
        "user", "app", "client", "auth", "personal", "live", "test", "prod", "replace", "me", "with", "example", "sample",
        "placeholder", "dummy", "fake", "insert", "enter", "put", "paste", "value", "change", "redacted", "not", "real",
        "slack", "github", "gitlab", "stripe", "sendgrid", "openai", "anthropic", "google", "aws", "npm", "twilio",
        "mailgun", "id", "password", "webhook", "signing", "private", "public", "xxx", "x", "abc", "xyz", "foo", "bar",
    };

    private const int MaxPlaceholderWordLength = 11;

    private static readonly Regex s_duration = new Regex(
        @"^(\d+(\.\d+)?\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)|(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?|-?P(\d+[YMWD])*(T(\d+(\.\d+)?[HMS])+)?)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        s_timeout);

    private static readonly Regex s_url = new Regex(
        @"^[A-Za-z][A-Za-z0-9+.-]*://[^\s]*$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_headerName = new Regex(
        @"^((?i:x-[a-z0-9-]+|authorization|proxy-authorization|bearer|basic|api-key|ocp-apim-subscription-key)|[A-Z][a-z]+(-[A-Z][a-z]+)+)$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_path = new Regex(
        @"^(~?/|\.\.?[/\\]|[A-Za-z]:[/\\]|\\\\)|^[^\s]+\.(pem|pfx|p12|key|crt|cer|der|jks|keystore|json|txt|xml|yaml|yml|env|asc|gpg|pub)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        s_timeout);

    // Twilio:AuthToken, Partners:Primary:ApiKey, Clients:0:Secret: the key path of a secret (a constant naming where to
    // read it, a setting saying which key holds it), not the secret. PascalCase words and array indexes; the last
    // segment ends in a letter, so a user:password pair such as Admin:Welcome1 stays in play.
    private static readonly Regex s_configurationKeyPath = new Regex(
        @"^(([A-Z][a-z]+|[A-Z]{2,}(?=[A-Z][a-z]|:))+[0-9]*|[0-9]+)(:(([A-Z][a-z]+|[A-Z]{2,}(?=[A-Z][a-z]|:|$))+[0-9]*|[0-9]+))*:([A-Z][a-z]+|[A-Z]{2,}(?=[A-Z][a-z]|$))+$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_dottedIdentifier = new Regex(
        @"^([A-Za-z_][A-Za-z0-9_]*|[*#])(\.([A-Za-z_][A-Za-z0-9_]*|[*#]))+$",
        RegexOptions.CultureInvariant,
        s_timeout);

    // kv:rxbridge-stg/pepper, vault:kv/data/loadboard#token, ssm:/orders/prod/db: a store's scheme, then a path of
    // lower-case words (digits may end or join them) and at most a #field. A capital anywhere keeps the value in play.
    private static readonly Regex s_storeReference = new Regex(
        @"^(?i:kv|keyvault|vault|ssm|secretsmanager|sm|gsm|azurekv|akv)(:|://)/?(?<path>[a-z0-9]+([-_./][a-z0-9]+)*/?(#[a-z0-9]+([-_.][a-z0-9]+)*)?)$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private const int MinRandomSwitches = 4;
    private const int MaxStoreReferenceWordLength = 24;

    /// <summary>Whether <paramref name="value"/> is ciphertext (KmsConfig, sops, ejson, jasypt, ...) or a secret-store reference.</summary>
    public static bool IsEncryptedOrReference(string value)
    {
        var trimmed = value.Trim();
        foreach (var prefix in s_encryptedOrReferencePrefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return IsStoreReference(trimmed);
    }

    // A random run after the scheme (kv:9f3a7c2e1b8d4f6a, a word that keeps switching between letters and digits, or one
    // longer than any name) is a secret with a prefix, not a path to one.
    private static bool IsStoreReference(string value)
    {
        if (s_storeReference.Match(value) is not { Success: true } reference)
        {
            return false;
        }

        foreach (var word in reference.Groups["path"].Value.Split('-', '_', '.', '/', '#'))
        {
            var switches = 0;
            for (var i = 1; i < word.Length; i++)
            {
                if (char.IsDigit(word[i]) != char.IsDigit(word[i - 1]))
                {
                    switches++;
                }
            }

            if (switches >= MinRandomSwitches || word.Length > MaxStoreReferenceWordLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the value is a template or placeholder to be filled in elsewhere (<c>${X}</c>, <c>#{X}#</c>, <c>&lt;X&gt;</c>,
    /// <c>SAS_KEY_VALUE</c>, ...) or a well-known dummy (<c>changeme</c>, <c>guest</c>, <c>fake</c>).
    /// </summary>
    public static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        return s_placeholder.IsMatch(trimmed)
               || trimmed.IndexOf("${", StringComparison.Ordinal) >= 0
               || trimmed.IndexOf("#{", StringComparison.Ordinal) >= 0
               || trimmed.IndexOf("{{", StringComparison.Ordinal) >= 0
               || s_variableName.IsMatch(trimmed)
               || s_dummy.IsMatch(trimmed)
               || s_testPhrase.IsMatch(trimmed)
               || IsSecretStorePointer(trimmed)
               || IsPlaceholderToken(trimmed)
               || (s_vendorPrefix.Match(trimmed) is { Success: true } prefixed && s_dummy.IsMatch(trimmed.Substring(prefixed.Length)));
    }

    private static bool IsSecretStorePointer(string value)
        => (s_secretStorePointer.Match(value) is { Success: true } pointer && s_storePointerNote.IsMatch(pointer.Groups["note"].Value))
           || s_secretStorePointerSlug.IsMatch(value);

    /// <summary>
    /// Whether <paramref name="token"/> has a provider token's prefix followed by placeholder words and no digit
    /// (<c>xoxb-your-bot-token</c>, <c>sk_live_yourkey</c>, <c>AKIAXXXXXXXXXXXXXXXX</c>); real tokens are random and
    /// carry digits.
    /// </summary>
    public static bool IsPlaceholderToken(string token)
    {
        if (token.StartsWith("https://", StringComparison.Ordinal))
        {
            return IsPlaceholderWebhook(token);
        }

        var prefix = s_tokenPrefix.Match(token);
        if (!prefix.Success || prefix.Length == token.Length)
        {
            return false;
        }

        var body = token.Substring(prefix.Length).ToLowerInvariant();
        if (IsOneCharacterRepeated(body.Replace("-", string.Empty).Replace("_", string.Empty)))
        {
            // SK00000000000000000000000000000000, AKIA0000000000000000: a filler body.
            return true;
        }

        return AreAllPlaceholderWords(body);
    }

    // https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX: the webhook's secret, its last path
    // segment, is filler (X, x, 0, *, dots) or placeholder words (.../your-webhook-token).
    private static bool IsPlaceholderWebhook(string url)
    {
        var secret = url.TrimEnd('/');
        secret = secret.Substring(secret.LastIndexOf('/') + 1);
        if (secret.Length == 0)
        {
            return false;
        }

        var filler = true;
        foreach (var c in secret)
        {
            filler &= c is 'X' or 'x' or '0' or '*' or '.' or '\u2026' or '-' or '_';
        }

        if (filler)
        {
            return true;
        }

        return AreAllPlaceholderWords(secret.ToLowerInvariant());
    }

    // your-webhook-token, your_access_token: every word between separators is a placeholder word.
    private static bool AreAllPlaceholderWords(string text)
    {
        foreach (var word in text.Split('-', '_', '.', ' '))
        {
            if (word.Length > 0 && !IsPlaceholderWords(word))
            {
                return false;
            }
        }

        return true;
    }

    private const int MinDigitsPasswordLength = 6;

    /// <summary>
    /// Whether the value is a PIN-like password of 6+ digits (a JSON string, an HSM partition password) rather than a
    /// dummy: one digit repeated (<c>000000</c>) or a run up or down (<c>123456</c>, <c>654321</c>) is not one. Only
    /// password-like names make digits a secret; elsewhere they are a setting (<see cref="IsNotASecret"/>).
    /// </summary>
    public static bool IsDigitsPassword(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < MinDigitsPasswordLength)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return !IsOneCharacterRepeated(trimmed) && !IsRunOfDigits(trimmed, 1) && !IsRunOfDigits(trimmed, 9);
    }

    // 123456, 7890123 (step 1) and 654321, 3210987 (step 9, that is -1), wrapping past 9 and 0.
    private static bool IsRunOfDigits(string digits, int step)
    {
        for (var i = 1; i < digits.Length; i++)
        {
            if ((digits[i - 1] - '0' + step) % 10 != digits[i] - '0')
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsOneCharacterRepeated(string text)
    {
        if (text.Length < 2)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != text[0])
            {
                return false;
            }
        }

        return true;
    }

    // Whether the letters split entirely into placeholder words (yourbottoken = your + bot + token).
    private static bool IsPlaceholderWords(string letters)
    {
        var splitsAt = new bool[letters.Length + 1];
        splitsAt[0] = true;
        for (var end = 1; end <= letters.Length; end++)
        {
            for (var start = Math.Max(0, end - MaxPlaceholderWordLength); start < end && !splitsAt[end]; start++)
            {
                splitsAt[end] = splitsAt[start] && s_placeholderWords.Contains(letters.Substring(start, end - start));
            }
        }

        return splitsAt[letters.Length];
    }

    /// <summary>
    /// Whether the value cannot be a plaintext secret: empty, encrypted, a reference, a placeholder, a key its vendor
    /// publishes to browsers, or a plain setting (number, boolean, duration, URL without credentials, header name, file path).
    /// </summary>
    public static bool IsNotASecret(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || IsEncryptedOrReference(trimmed) || IsPlaceholder(trimmed) || IsPublicKeyShape(trimmed))
        {
            return true;
        }

        if (IsBooleanOrNumber(trimmed) || s_duration.IsMatch(trimmed) || s_headerName.IsMatch(trimmed) || s_path.IsMatch(trimmed)
            || s_configurationKeyPath.IsMatch(trimmed))
        {
            return true;
        }

        return s_url.IsMatch(trimmed) && !CredentialPatterns.UrlCarriesCredential(trimmed);
    }

    private static readonly Regex s_shortPascalCaseName = new Regex(
        @"^[A-Z][a-z]+([A-Z][a-z]+){0,2}$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_lowerCaseWords = new Regex(
        @"^[a-z]+([-_.:/][a-z0-9]+)*$",
        RegexOptions.CultureInvariant,
        s_timeout);

    /// <summary>
    /// Whether the value is a short PascalCase name such as <c>ManagedIdentity</c> or <c>DefaultAzureCredential</c>,
    /// which names a mechanism rather than holding a secret.
    /// </summary>
    public static bool IsShortPascalCaseName(string value) => s_shortPascalCaseName.IsMatch(value);

    // Words that say how a client runs rather than hold its key: LaunchDarkly's offline-mode SdkKey "sdk-offline",
    // "local-dev", "offline-mode". Real keys and tokens are random; these are chosen to be read.
    private static readonly HashSet<string> s_modeWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "offline", "online", "local", "localhost", "dev", "development", "mode", "disabled", "off", "debug", "emulator",
        "noop", "unused", "sdk", "mobile", "server", "client", "only", "demo", "none", "anonymous", "public",
    };

    /// <summary>
    /// Whether the value is only words that describe a mode, in lower case and joined by <c>-</c>, <c>_</c> or <c>.</c>
    /// (<c>sdk-offline</c>, <c>local-dev</c>): a stand-in under a token name, not a token.
    /// </summary>
    public static bool IsModeWords(string value)
    {
        foreach (var word in value.Split('-', '_', '.'))
        {
            if (!s_modeWords.Contains(word))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the value is lower-case words joined by separators (<c>orders-cache-v1</c>), a name rather than a key.</summary>
    public static bool IsLowerCaseWords(string value) => s_lowerCaseWords.IsMatch(value);

    private static readonly Regex s_adyenClientKey = new Regex(
        @"^(test|live)_[A-Z0-9]{32}$",
        RegexOptions.CultureInvariant,
        s_timeout);

    /// <summary>
    /// Whether the value has the shape of an Adyen client key (<c>live_</c> or <c>test_</c> and 32 upper-case letters and
    /// digits): a public key that Adyen's web Drop-in sends to the browser, like a publishable key.
    /// </summary>
    public static bool IsPublicClientKeyShape(string value) => s_adyenClientKey.IsMatch(value);

    // Keys made to be sent to browsers and apps: Stripe publishable keys, Mapbox public tokens (pk.eyJ...), Datadog
    // client tokens (pub and 32 hex digits); and certificates, PEM or base64 DER (SEQUENCE, SEQUENCE, [0] version), which
    // are public (one bundled with its private key is a credential shape, CredentialPatterns).
    private static readonly Regex s_publicKeyShape = new Regex(
        @"^(pk_(live|test)_[A-Za-z0-9]{10,}|pk\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|pub[0-9a-f]{30,40}|-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s\\n-]*|MII[A-Za-z0-9+/]{3}CCA[A-Za-z0-9+/=]{100,})$",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_anonymousRole = new Regex(
        @"""role""\s*:\s*""anon""",
        RegexOptions.CultureInvariant,
        s_timeout);

    private static readonly Regex s_guid = new Regex(
        @"^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$",
        RegexOptions.CultureInvariant,
        s_timeout);

    /// <summary>Whether the value is a GUID with its dashes (<c>8d3f2a1c-7b6e-4d5f-9a0b-1c2d3e4f5a6b</c>).</summary>
    public static bool IsGuid(string value) => s_guid.IsMatch(value);

    /// <summary>
    /// Whether the value has the shape of a key that its vendor publishes to browsers and apps: a Stripe publishable key
    /// (<c>pk_live_</c>), a Mapbox public token (<c>pk.eyJ</c>), a Datadog client token (<c>pub</c> and about 32 hex digits),
    /// a JSON Web Token for the anonymous role.
    /// </summary>
    private static bool IsPublicKeyShape(string value) => s_publicKeyShape.IsMatch(value) || IsPublicJwt(value);

    /// <summary>
    /// Whether <paramref name="jwt"/> is a JSON Web Token for the anonymous role (Supabase's anon key, which its docs
    /// say is safe in a browser), not a credential.
    /// </summary>
    public static bool IsPublicJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || !parts[1].StartsWith("eyJ", StringComparison.Ordinal))
        {
            return false;
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        try
        {
            return s_anonymousRole.IsMatch(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the value is a dotted identifier such as a namespace or a routing key (AMQP wildcards <c>*</c> and
    /// <c>#</c> included), not random text. Dotted tokens (a Discord bot token, Flagsmith's <c>ser.</c> keys) have the
    /// same outline, but a random part: a long segment whose characters keep switching between capitals, small letters
    /// and digits.
    /// </summary>
    public static bool IsDottedIdentifier(string value)
    {
        if (!s_dottedIdentifier.IsMatch(value))
        {
            return false;
        }

        foreach (var segment in value.Split('.'))
        {
            if (LooksRandom(segment))
            {
                return false;
            }
        }

        return true;
    }

    // Names switch character class at word boundaries (Sha256Hasher: 4 switches in 12), random text at almost every
    // other character (Xq8vK2mN9pL4: 11 in 12).
    private static bool LooksRandom(string segment)
    {
        const int MinLength = 10;
        if (segment.Length < MinLength)
        {
            return false;
        }

        var switches = 0;
        for (var i = 1; i < segment.Length; i++)
        {
            if (ClassOf(segment[i]) != ClassOf(segment[i - 1]))
            {
                switches++;
            }
        }

        return switches * 5 >= segment.Length * 2;

        static int ClassOf(char c) => char.IsDigit(c) ? 0 : char.IsUpper(c) ? 1 : char.IsLower(c) ? 2 : 3;
    }

    private static bool IsBooleanOrNumber(string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "true":
            case "false":
            case "yes":
            case "no":
            case "on":
            case "off":
            case "enabled":
            case "disabled":
                return true;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
