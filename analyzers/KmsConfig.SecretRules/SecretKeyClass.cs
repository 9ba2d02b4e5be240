namespace KmsConfig.SecretRules;

/// <summary>What a configuration key name says about its value.</summary>
internal enum SecretKeyClass
{
    /// <summary>Nothing secret about the name.</summary>
    None,

    /// <summary>A password-like name (password, pwd, passphrase): any real plaintext value is a secret.</summary>
    Password,

    /// <summary>A token-like name (secret, token, api key, client secret, private key ...): random-looking values are secrets.</summary>
    Token,

    /// <summary>A bare or unqualified key name (<c>Jwt:Key</c>, <c>StripeKey</c>): only long, random-looking values are secrets.</summary>
    GenericKey,
}
