using System.Collections.Generic;

namespace KmsConfig.SecretRules;

/// <summary>A parsed settings file: its leaves in document order, or the reason it does not parse, and its allow comments.</summary>
internal sealed class SettingsDocument
{
    public SettingsDocument(IReadOnlyList<SettingsValue> values, SettingsParseError? error, SuppressionMap suppressions)
    {
        Values = values;
        Error = error;
        Suppressions = suppressions;
    }

    /// <summary>Every leaf, in document order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<SettingsValue> Values { get; }

    /// <summary>Why the file does not parse, or <see langword="null"/>.</summary>
    public SettingsParseError? Error { get; }

    /// <summary>The <c>kmsconfig:allow</c> comments of the file.</summary>
    public SuppressionMap Suppressions { get; }

    /// <summary>Whether any string leaf holds a <c>kms:</c> value, i.e. the file is meant for the KMS provider.</summary>
    public bool HasEncryptedValues
    {
        get
        {
            foreach (var value in Values)
            {
                if (value.Kind == SettingsValueKind.String && EncryptedValueFormat.IsEncrypted(value.Value))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private HashSet<string>? _keyPaths;
    private HashSet<string>? _objectsWithSecretNames;

    // The identifier half of a pair, and its secret half: Pusher's app key, OAuth client ids by their vendors' names
    // (Dropbox's app key, Salesforce's consumer key), and S3-style access keys (MinIO, Wasabi, AWS).
    private static readonly (string Key, string Secret)[] s_pairs =
    {
        ("Key", "Secret"), ("AppKey", "AppSecret"), ("ConsumerKey", "ConsumerSecret"), ("ClientKey", "ClientSecret"),
        ("AccessKey", "SecretKey"),
    };

    /// <summary>
    /// Whether <paramref name="keyPath"/> is the identifier half of a key and secret pair in one object: a bare
    /// <c>Key</c> beside <c>Secret</c> (Pusher), <c>AppKey</c> beside <c>AppSecret</c> and <c>ConsumerKey</c> beside
    /// <c>ConsumerSecret</c> (OAuth client ids), <c>AccessKey</c> beside <c>SecretKey</c> (S3-style storage). An
    /// <c>ApiKey</c> beside an <c>ApiSecret</c> is not exempt: vendors such as DHL take the API key alone as the credential.
    /// </summary>
    public bool IsKeyBesideItsSecret(string keyPath)
    {
        var separator = keyPath.LastIndexOf(':');
        var secret = SecretHalfOf(keyPath.Substring(separator + 1));
        return secret is not null && KeyPaths().Contains(keyPath.Substring(0, separator + 1) + secret);
    }

    // The private members of a JSON Web Key (RFC 7518): d of EC, OKP and RSA keys, RSA's primes and CRT values, and k of
    // a symmetric key. Every other member (kid, kty, use, alg, n, e, x, y, crv, x5c, ...) is public.
    private static readonly string[] s_jwkPrivateMembers = { "d", "p", "q", "dp", "dq", "qi", "k", "oth" };

    /// <summary>
    /// Whether <paramref name="keyPath"/> is a member of a JSON Web Key (an object with a <c>kty</c> member, as in a JWKS
    /// <c>Keys</c> array), and whether it is one of the private members that are the key itself.
    /// </summary>
    public bool IsJsonWebKeyMember(string keyPath, out bool isPrivate)
    {
        isPrivate = false;
        var separator = keyPath.LastIndexOf(':');
        if (separator < 0 || !KeyPaths().Contains(keyPath.Substring(0, separator + 1) + "kty"))
        {
            return false;
        }

        var name = keyPath.Substring(separator + 1);
        foreach (var member in s_jwkPrivateMembers)
        {
            isPrivate |= name.Equals(member, System.StringComparison.OrdinalIgnoreCase);
        }

        return true;
    }

    private HashSet<string> KeyPaths()
    {
        if (_keyPaths is null)
        {
            var paths = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var value in Values)
            {
                paths.Add(value.KeyPath);
            }

            _keyPaths = paths;
        }

        return _keyPaths;
    }

    /// <summary>
    /// The name of the secret half of the pair whose identifier half is named <paramref name="name"/> (<c>ConsumerSecret</c>
    /// for <c>ConsumerKey</c>), or <see langword="null"/> when the name is no pair's identifier half.
    /// </summary>
    public static string? SecretHalfOf(string name)
    {
        foreach (var pair in s_pairs)
        {
            if (name.Equals(pair.Key, System.StringComparison.OrdinalIgnoreCase))
            {
                return pair.Secret;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="keyPath"/> has a neutral name inside an object that also has a secret-named member: in
    /// <c>ProvisioningTokens: [{ "Tenant": "fabrikam", "Token": "..." }]</c> the element's <c>Token</c> is the secret,
    /// and <c>Tenant</c> does not inherit the container's secrecy as a bare <c>ApiKeys:Maps</c> value does.
    /// </summary>
    public bool IsNeutralBesideASecretName(string keyPath)
    {
        // Only a secrecy inherited from the container is set aside (not, say, Vault's SecretId, a GUID by its own rule).
        var separator = keyPath.LastIndexOf(':');
        if (separator < 0 || SecretKeyNames.Classify(keyPath.Substring(separator + 1)) != SecretKeyClass.None
            || SecretKeyNames.ClassifyPath(keyPath) == SecretKeyClass.None)
        {
            return false;
        }

        if (_objectsWithSecretNames is null)
        {
            var objects = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var value in Values)
            {
                var end = value.KeyPath.LastIndexOf(':');
                if (end > 0 && SecretKeyNames.Classify(value.KeyPath.Substring(end + 1)) != SecretKeyClass.None)
                {
                    objects.Add(value.KeyPath.Substring(0, end));
                }
            }

            _objectsWithSecretNames = objects;
        }

        return _objectsWithSecretNames.Contains(keyPath.Substring(0, separator));
    }
}
