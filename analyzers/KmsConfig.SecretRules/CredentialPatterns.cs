using System;
using System.Text.RegularExpressions;

namespace KmsConfig.SecretRules;

/// <summary>
/// Well-known credential shapes, found whatever the key is called: cloud access keys, PEM private keys, passwords in
/// connection strings and URLs, and provider tokens. A small, high-precision set in the spirit of secretlint.
/// </summary>
internal static class CredentialPatterns
{
    /// <summary>The shape name of Twilio's API key SID (<c>SK</c> and 32 hex digits), which a name can say is an identifier.</summary>
    public const string TwilioApiKey = "a Twilio API key";

    private const string PemPrivateKey = "a PEM private key";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);

    // Key material in a PEM body: base64 with both letter cases over 12 characters or more. A template's body is words,
    // filler or a hole ("YOUR PRIVATE KEY", "XXXX", "...", "${PRIVATE_KEY}"), which never has such a run.
    private static readonly Regex s_pemKeyMaterial = Create(@"(?=[A-Za-z0-9+/]{0,11}[a-z])(?=[A-Za-z0-9+/]{0,11}[A-Z])[A-Za-z0-9+/]{12}");

    // Each shape has a keyword that must occur in the value (the gitleaks prefilter idea): a plain substring test keeps
    // the regexes off the great majority of strings, which matters when every C# literal argument is checked.
    private static readonly (string Keyword, string Shape, Regex Pattern)[] s_tokens =
    {
        ("PRIVATE KEY", PemPrivateKey, Create(@"-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----")),
        // The same keys as base64 DER without the PEM lines, and PKCS#12 (.pfx) bundles that carry one: the first bytes
        // are fixed (SEQUENCE, length, version 3 or 0), so their base64 is too. A certificate alone (MII..CCA) is public.
        ("MII", "a PKCS#12 (.pfx) certificate with its private key", Create(@"(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{2}[AQgw]IBAzCC[A-Za-z0-9+/]{100,}")),
        ("MII", "a base64 private key", Create(@"(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{2}[AQgw]IBA(DAN|AKC)[A-Za-z0-9+/]{100,}")),
        ("A", "an AWS access key id", Create(@"(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])")),
        ("_", "a GitHub token", Create(@"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})")),
        ("glpat-", "a GitLab token", Create(@"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}")),
        ("xox", "a Slack token", Create(@"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
        ("hooks.slack.com", "a Slack webhook URL", Create(@"https://hooks\.slack\.com/(services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+|workflows/T[A-Za-z0-9_]+/A[A-Za-z0-9_]+/[0-9]+|triggers/T[A-Za-z0-9_]+/[0-9]+)/[A-Za-z0-9_]{8,}")),
        // The path after IncomingWebhook/ is the credential (hex or alphanumeric, and GUIDs); outlook.office.com is the retired host.
        ("IncomingWebhook/", "a Microsoft Teams webhook URL", Create(
            @"https://([A-Za-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(365)?\.com/webhook)/[0-9A-Fa-f-]{8,}@[0-9A-Fa-f-]{8,}/IncomingWebhook/(?=[0-9A-Za-z]*[0-9])(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{8,}/[0-9A-Fa-f-]{8,}")),
        ("/webhooks/", "a Discord webhook URL", Create(@"https://((ptb|canary)\.)?discord(app)?\.com/api(/v[0-9]+)?/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{40,}")),
        ("k_", "a Stripe secret key", Create(@"(?<![A-Za-z0-9])(sk|rk)_(live|test|prod)_[A-Za-z0-9]{10,}")),
        ("SG.", "a SendGrid API key", Create(@"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}")),
        ("AIza", "a Google API key", Create(@"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}")),
        ("sk-", "an OpenAI or Anthropic API key", Create(@"(?<![A-Za-z0-9])sk-(proj-|ant-|svcacct-)?[A-Za-z0-9_-]{32,}")),
        ("shp", "a Shopify access token or shared secret", Create(@"(?<![A-Za-z0-9])shp(at|ss|ca|pa)_[a-fA-F0-9]{32}(?![A-Za-z0-9])")),
        ("pat-", "a HubSpot private app token", Create(@"(?<![A-Za-z0-9])pat-(na|eu|ap)[0-9]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9])")),
        // Mapbox's secret tokens; its public ones (pk.eyJ...) are made for browsers.
        ("sk.eyJ", "a Mapbox secret token", Create(@"(?<![A-Za-z0-9])sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}")),
        ("npm_", "an npm token", Create(@"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}")),
        ("Q~", "an Azure AD client secret", Create(@"(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])")),
        ("eyJ", "a JSON Web Token", Create(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
        // Mailgun's own samples (key-3ax6xnjp29...) use letters beyond hex; a random key has both digits and letters.
        ("key-", "a Mailgun API key", Create(@"(?<![A-Za-z0-9])key-(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32}(?![A-Za-z0-9])")),
        ("SK", TwilioApiKey, Create(@"(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])")),
        // An nkey seed is the private key of a NATS user, account or operator: S, the key type, then base32.
        ("S", "a NATS nkey seed", Create(@"(?<![A-Za-z0-9])S[UAONCX][A-Z2-7]{56}(?![A-Za-z0-9])")),
        // A BIP32 extended private key (xprv, and tprv/yprv/zprv of testnet and other derivations): a wallet's master key.
        ("prv", "a BIP32 extended private key", Create(@"(?<![A-Za-z0-9])[xtyzuv]prv[1-9A-HJ-NP-Za-km-z]{100,112}(?![A-Za-z0-9])")),
        // Flagsmith's server-side environment key; its client-side environment key (no prefix) is public by design.
        ("ser.", "a Flagsmith server-side key", Create(@"(?<![A-Za-z0-9.])ser\.(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{20,}(?![A-Za-z0-9])")),
        ("sig=", "an Azure SAS signature", Create(@"[?&]sig=[A-Za-z0-9%+/=]{20,}")),
    };

    // Password=, Pwd= (and Snowflake's private_key_pwd=) and the Azure key pairs inside ';' (ADO.NET) or ',' (StackExchange.Redis) separated strings.
    private static readonly Regex s_connectionStringPassword = Create(
        @"(?:^|[;,])\s*(?<name>password|pwd|user\s+password|private_key_pwd|private_key_password|passphrase|accountkey|accesskey|sharedaccesskey|sharedaccesssignature|sharedsecretvalue|apikey|api_key)\s*=\s*(?<value>""[^""]*""|'[^']*'|[^;,]*)",
        RegexOptions.IgnoreCase);

    // HTTP header lists, "name=value" pairs separated by ',' (OpenTelemetry's OTEL_EXPORTER_OTLP_HEADERS and the
    // exporters' Headers option): a header that carries a key or token, as vendors name them (api-key, x-api-key,
    // dd-api-key, x-sf-token, lightstep-access-token, x-honeycomb-team, Authorization).
    private static readonly Regex s_headerListCredential = Create(
        @"(?:^|,)\s*(?<name>authorization|x-honeycomb-team|(?:[a-z0-9]+-)*(?:api-?key|token|secret|access-?key|license-?key|ingest(?:ion)?-?key))\s*=\s*(?<value>[^,]+)",
        RegexOptions.IgnoreCase);

    // The scheme word before a header's credential: "Authorization=Bearer eyJ...", "Basic%20dXNlcjpwYXNz", and the
    // vendors' own: Okta's SSWS, Opsgenie's GenieKey, Splunk HEC's Splunk.
    private static readonly Regex s_authorizationScheme = Create(
        @"^(bearer|basic|apikey|token|ssws|geniekey|splunk)(\s+|%20)",
        RegexOptions.IgnoreCase);

    private const int MinHeaderSecretLength = 16;
    private const double MinHeaderSecretEntropy = 3.0;

    // scheme://user:password@host
    private static readonly Regex s_urlUserInfo = Create(
        @"\b[A-Za-z][A-Za-z0-9+.-]*://(?<user>[^:/?#@\s]*):(?<password>[^@/?#\s]+)@[^\s]");

    private static readonly Regex s_urlSecretQuery = Create(
        @"[?&](sig|signature|api[_-]?key|apikey|access[_-]?token|token|secret|client[_-]?secret|password|pwd|key)=(?<value>[^&#\s]+)",
        RegexOptions.IgnoreCase);

    /// <summary>
    /// Whether the PEM block that starts at <paramref name="header"/> has a body and that body is not key material: a
    /// template's placeholder. A header with nothing after it still counts as a key, since some files keep a key's
    /// lines as an array of strings, header first.
    /// </summary>
    private static bool HasTemplateBody(string value, Match header)
    {
        var start = header.Index + header.Length;
        var end = value.IndexOf("-----END", start, StringComparison.Ordinal);
        var body = end < 0 ? value.Substring(start) : value.Substring(start, end - start);
        if (body.Trim().Length == 0 && end < 0)
        {
            return false;
        }

        // Header lines of an encrypted PEM ("Proc-Type: 4,ENCRYPTED") come before the material; the run test skips them.
        return !s_pemKeyMaterial.IsMatch(body.Replace("\\n", "\n").Replace("\\r", "\r"));
    }

    /// <summary>Names the credential shape found in <paramref name="value"/>, or returns <see langword="null"/>.</summary>
    public static string? FindShape(string value)
    {
        if (value.Length < 8)
        {
            return null;
        }

        foreach (var (keyword, shape, pattern) in s_tokens)
        {
            if (value.IndexOf(keyword, StringComparison.Ordinal) < 0)
            {
                continue;
            }

            foreach (Match match in pattern.Matches(value))
            {
                if (!NonSecretValues.IsPlaceholderToken(match.Value) && !NonSecretValues.IsPublicJwt(match.Value)
                    && (shape != PemPrivateKey || !HasTemplateBody(value, match)))
                {
                    return shape;
                }
            }
        }

        if (IsAuthorizationValue(value))
        {
            return "an Authorization header credential";
        }

        if (value.IndexOf('=') < 0 && value.IndexOf('@') < 0)
        {
            // Connection-string pairs need '=', URL credentials need '@'.
            return null;
        }

        foreach (Match match in s_connectionStringPassword.Matches(value))
        {
            var secret = Unquote(match.Groups["value"].Value.Trim());
            if (IsRealSecret(secret, userName: null))
            {
                var name = match.Groups["name"].Value.ToLowerInvariant();
                return name.StartsWith("shared", StringComparison.Ordinal) || name.EndsWith("key", StringComparison.Ordinal)
                    ? "an access key in a connection string"
                    : "a password in a connection string";
            }
        }

        if (UrlCarriesCredential(value))
        {
            return "a password in a URL";
        }

        return HeaderListCarriesCredential(value) ? "a key or token in a header list" : null;
    }

    // "Bearer 7hQ2xKp9...", "Basic dXNlcjpwYXNz...": a whole value that is an Authorization header's scheme and credential,
    // as a headers dictionary holds it. Checked as a header list's value is: long, random, not a placeholder.
    private static bool IsAuthorizationValue(string value)
    {
        var scheme = s_authorizationScheme.Match(value);
        if (!scheme.Success || scheme.Value.IndexOf('%') >= 0)
        {
            return false;
        }

        var secret = value.Substring(scheme.Length).Trim();
        return secret.Length >= MinHeaderSecretLength
               && secret.IndexOf(' ') < 0
               && SecretClassifier.ShannonEntropy(secret) >= MinHeaderSecretEntropy
               && IsRealSecret(secret, userName: null);
    }

    // Header values are often short words (x-tenant=acme), so only a long random value counts, after the scheme word.
    private static bool HeaderListCarriesCredential(string value)
    {
        foreach (Match match in s_headerListCredential.Matches(value))
        {
            var secret = Uri.UnescapeDataString(match.Groups["value"].Value.Trim());
            secret = secret.Substring(s_authorizationScheme.Match(secret).Length).Trim();
            if (secret.Length >= MinHeaderSecretLength
                && secret.IndexOf(' ') < 0
                && SecretClassifier.ShannonEntropy(secret) >= MinHeaderSecretEntropy
                && IsRealSecret(secret, userName: null))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a URL carries a real password in its user info or a secret in its query string.</summary>
    public static bool UrlCarriesCredential(string value)
    {
        foreach (Match match in s_urlUserInfo.Matches(value))
        {
            var user = Uri.UnescapeDataString(match.Groups["user"].Value);
            var password = Uri.UnescapeDataString(match.Groups["password"].Value);
            if (IsRealSecret(password, user))
            {
                return true;
            }
        }

        foreach (Match match in s_urlSecretQuery.Matches(value))
        {
            var secret = Uri.UnescapeDataString(match.Groups["value"].Value);
            if (secret.Length >= 8 && IsRealSecret(secret, userName: null))
            {
                return true;
            }
        }

        return false;
    }

    // Empty parts, placeholders, format holes ({0}, {password}), parameters (@p, :p, ?), and guest:guest style
    // defaults where the password repeats the user name are not credentials.
    private static bool IsRealSecret(string secret, string? userName)
    {
        if (secret.Length == 0 || secret == "?" || secret[0] == '@' || secret[0] == ':' || secret[0] == '$' || secret[0] == '{')
        {
            return false;
        }

        if (userName is not null && string.Equals(secret, userName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !NonSecretValues.IsEncryptedOrReference(secret) && !NonSecretValues.IsPlaceholder(secret);
    }

    private static string Unquote(string text)
        => text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[text.Length - 1] == text[0]
            ? text.Substring(1, text.Length - 2)
            : text;

    private static Regex Create(string pattern, RegexOptions options = RegexOptions.None)
        => new Regex(pattern, options | RegexOptions.CultureInvariant, s_timeout);
}
