using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace KmsConfig.SecretRules;

/// <summary>
/// Decides whether a configuration value is a plaintext secret, from its key path and its text. Shared by the
/// analyzer (settings files and C# literals) and the tool's <c>check</c> verb.
/// </summary>
internal static class SecretClassifier
{
    private const int MinPasswordLength = 4;
    private const int MinTokenLength = 8;
    private const double MinTokenEntropy = 2.5;
    private const int MinGenericKeyLength = 16;
    private const double MinGenericKeyEntropy = 3.0;

    /// <summary>The top-level section KmsConfig keeps its own non-secret settings in.</summary>
    public const string KmsConfigSection = "KmsConfig";

    /// <summary>Classifies the string <paramref name="value"/> found at <paramref name="keyPath"/>.</summary>
    public static SecretVerdict Classify(string keyPath, string value)
    {
        if (KeyPaths.FirstSegmentIs(keyPath, KmsConfigSection) || value.Trim().Length == 0 || EncryptedValueFormat.IsEncrypted(value))
        {
            return SecretVerdict.NotSecret;
        }

        if (value.Length > MaxScannedLength)
        {
            // No placeholder, identifier or sentence is this long, and the patterns' time grows with the value until
            // their timeout, which would make the verdict depend on how busy the machine is: the name decides, once
            // public material that is often this long (a CA bundle, a JWKS document) is set aside by its start.
            var start = value.TrimStart();
            if (start.StartsWith("-----BEGIN CERTIFICATE", StringComparison.Ordinal) || start.StartsWith("-----BEGIN PUBLIC KEY", StringComparison.Ordinal)
                || (start.StartsWith("{", StringComparison.Ordinal) && start.IndexOf("\"keys\"", 0, Math.Min(start.Length, 64), StringComparison.Ordinal) >= 0))
            {
                return SecretVerdict.NotSecret;
            }

            return SecretKeyNames.MayBeSecretName(keyPath) && SecretKeyNames.ClassifyPath(keyPath) != SecretKeyClass.None
                   && !SecretKeyNames.IsConnectionString(keyPath)
                ? new SecretVerdict(SecretVerdictKind.SecretKeyName, string.Empty)
                : SecretVerdict.NotSecret;
        }

        try
        {
            var shape = CredentialPatterns.FindShape(value);

            // Twilio's API key SID (SK + 32 hex) is the key's user name; its secret is a separate value. Alone under a name
            // that says SID (ApiKeySid, KeySid) it is that identifier; under other names it may be the key pasted alone.
            if (shape == CredentialPatterns.TwilioApiKey && value.Trim().Length == 34
                && KeyPaths.NameOf(keyPath).EndsWith("sid", StringComparison.OrdinalIgnoreCase))
            {
                return SecretVerdict.NotSecret;
            }

            if (shape is not null && !NonSecretValues.IsEncryptedOrReference(value))
            {
                return new SecretVerdict(SecretVerdictKind.CredentialShape, shape);
            }

            return IsSecretForKey(keyPath, value)
                ? new SecretVerdict(SecretVerdictKind.SecretKeyName, string.Empty)
                : SecretVerdict.NotSecret;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological value must not fail the build; treat it as unclassified.
            return SecretVerdict.NotSecret;
        }
    }

    // Far above any credential (a PEM RSA-4096 private key is 3.3 KB) and far below a value whose scan nears the timeout.
    private const int MaxScannedLength = 64 * 1024;

    private static bool IsSecretForKey(string keyPath, string value)
    {
        // Every secret-like name contains one of a few fragments; most key paths are settled without splitting words.
        if (!SecretKeyNames.MayBeSecretName(keyPath))
        {
            return false;
        }

        var trimmed = value.Trim();
        var name = KeyPaths.NameOf(keyPath);
        var nameWords = SecretKeyNames.SplitWords(name);
        var joinedName = string.Concat(nameWords);
        if (NonSecretValues.IsGuid(trimmed) && joinedName.EndsWith("secretid", StringComparison.Ordinal) && !NonSecretValues.IsNotASecret(trimmed)
            && !NonSecretValues.IsOneCharacterRepeated(trimmed.Replace("-", string.Empty)))
        {
            // Vault's AppRole SecretId is a credential, a UUID; other ids name things (and AWS's SecretId is a secret's name).
            return true;
        }

        var keyClass = SecretKeyNames.ClassifyPath(keyPath);
        if (keyClass == SecretKeyClass.None || SecretKeyNames.IsConnectionString(keyPath))
        {
            // Connection strings are secrets only through the credential shapes above.
            return false;
        }

        if (keyClass == SecretKeyClass.Password && NonSecretValues.IsDigitsPassword(trimmed))
        {
            // A PIN-like password ("98127634" under HsmPartitionPassword) is no setting, as Password=98127634 inside a
            // connection string is none; under other names digits are ports, ids and counts.
            return true;
        }

        if (NonSecretValues.IsNotASecret(trimmed) || RestatesTheName(trimmed, SecretKeyNames.SplitWords(keyPath))
            || (keyClass != SecretKeyClass.Password && IsStandInPhrase(trimmed)))
        {
            return false;
        }

        if (NonSecretValues.IsGuid(trimmed) && IsIdentifierKeyName(nameWords))
        {
            // DocuSign's IntegrationKey is its OAuth client id, a GUID; a GUID under ApiKey or ClientSecret stays a secret.
            return false;
        }

        if (NonSecretValues.IsPublicClientKeyShape(trimmed) && joinedName.EndsWith("clientkey", StringComparison.Ordinal))
        {
            // Adyen:ClientKey is the public key of Adyen's browser Drop-in; its API key and HMAC key are the secrets.
            return false;
        }

        switch (keyClass)
        {
            case SecretKeyClass.Password:
                return trimmed.Length >= MinPasswordLength
                       && !IsSentenceAbout(trimmed, name)
                       && !string.Equals(trimmed, name, StringComparison.OrdinalIgnoreCase);
            case SecretKeyClass.Token:
                return trimmed.Length >= MinTokenLength
                       && CountSpaces(trimmed) < 2
                       && !NonSecretValues.IsDottedIdentifier(trimmed)
                       && !NonSecretValues.IsShortPascalCaseName(trimmed)
                       && !NonSecretValues.IsModeWords(trimmed)
                       && !IsShortSlug(trimmed)
                       && ShannonEntropy(trimmed) >= MinTokenEntropy;
            case SecretKeyClass.GenericKey:
                return trimmed.Length >= MinGenericKeyLength
                       && CountSpaces(trimmed) == 0
                       && !NonSecretValues.IsDottedIdentifier(trimmed)
                       && !NonSecretValues.IsLowerCaseWords(trimmed)
                       && ShannonEntropy(trimmed) >= MinGenericKeyEntropy;
            default:
                return false;
        }
    }

    private const int MaxSlugLength = 20;

    // Greenhouse's JobBoardToken "acmerobotics", a board or tenant slug under a token-like name: short lower-case words
    // without a digit name an account. Generated tokens are longer or mix in digits and capitals.
    private static bool IsShortSlug(string value)
    {
        if (value.Length >= MaxSlugLength || !NonSecretValues.IsLowerCaseWords(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c >= '0' && c <= '9')
            {
                return false;
            }
        }

        return true;
    }

    // Words that say where or what a stand-in value is for (dev-write-key, fake-client-secret, whsec_local_cli_forwarding).
    private static readonly HashSet<string> s_standInMarkers = new HashSet<string>(StringComparer.Ordinal)
    {
        "dev", "development", "local", "localhost", "test", "tests", "testing", "qa", "stage", "staging", "sandbox",
        "demo", "sample", "example", "fake", "dummy", "mock", "stub", "placeholder", "ci", "e2e", "docker",
    };

    // Words that only join a stand-in's words together (this-is-a-local-signing-key-only, my-dev-app-secret).
    private static readonly HashSet<string> s_fillerWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "my", "default", "only", "just", "this", "is", "a", "an", "the", "for", "not", "do", "use", "in", "app", "application",
    };

    // Words by which a stand-in calls itself a secret (InfluxDB's documented token "my-super-secret-auth-token").
    private static readonly HashSet<string> s_secretWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "secret", "secrets", "token", "key", "password", "passwd", "passphrase", "credential", "credentials",
    };

    private const int MinStandInPhraseWords = 3;

    // whsec_local_cli_forwarding, integration-tests-signing-key-not-for-production-use, my-super-secret-auth-token:
    // lower-case words without a digit, one of which says what the value is for or calls it a secret. A token is random;
    // a password may be words, so this is not for passwords.
    private static bool IsStandInPhrase(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsLower(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        var words = SecretKeyNames.SplitWords(value);
        if (words.Count < MinStandInPhraseWords)
        {
            return false;
        }

        foreach (var word in words)
        {
            if (s_standInMarkers.Contains(word) || s_secretWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStandInWord(string word) => s_standInMarkers.Contains(word) || s_fillerWords.Contains(word);

    private static bool IsLetters(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierKeyName(List<string> words)
        => words.Count >= 2 && words[words.Count - 1] == "key"
           && words[words.Count - 2] is "integration" or "client" or "app" or "application" or "product" or "project" or "tenant" or "group";

    private const int MaxVendorPrefixLength = 6;

    // A value that only restates its key path's words, perhaps after an environment or a stand-in word and a vendor's
    // short prefix (Segment:WriteKey: "dev-write-key", Zoom:ClientSecret: "dev-zoom-secret", ApiKey: "devApiKey",
    // Shopify:ApiSecret: "shpss_dev_app_secret", Jwt:SigningKey: "this-is-a-local-signing-key-only") is a stand-in
    // someone typed, not a secret: a real one has a digit or a word of its own.
    private static bool RestatesTheName(string value, List<string> pathWords)
    {
        var valueWords = SecretKeyNames.SplitWords(value);
        var restated = false;
        for (var i = 0; i < valueWords.Count; i++)
        {
            var word = valueWords[i];
            if (i == 0 && valueWords.Count > 2 && word.Length <= MaxVendorPrefixLength && !pathWords.Contains(word) && !IsStandInWord(word)
                && IsLetters(word))
            {
                // shpss_, sk_, whsec_: a vendor's prefix before the words.
                continue;
            }

            if (pathWords.Contains(word))
            {
                restated = true;
            }
            else if (!IsStandInWord(word))
            {
                return false;
            }
        }

        return restated;
    }

    /// <summary>
    /// Classifies a value of a settings file, where the value's siblings are known: the identifier half of a key and
    /// secret pair (<c>Pusher:Key</c> beside <c>Pusher:Secret</c>, see <see cref="SettingsDocument.IsKeyBesideItsSecret"/>)
    /// names the app or account, and only the secret is one. Credential shapes are reported whatever their siblings.
    /// </summary>
    public static SecretVerdict Classify(SettingsDocument document, SettingsValue value)
    {
        var verdict = Classify(value.KeyPath, value.Value);
        if (document.IsJsonWebKeyMember(value.KeyPath, out var isPrivate))
        {
            // A JSON Web Key, in a JWKS or alone: its private members are the key, judged as a private key's value would
            // be; its public members (kid, n, e, x, y, ...) are public, whatever container they are in ("Jwks:Keys").
            return isPrivate
                ? Classify(value.KeyPath.Substring(0, value.KeyPath.LastIndexOf(':') + 1) + "PrivateKey", value.Value)
                : verdict.Kind == SecretVerdictKind.CredentialShape ? verdict : SecretVerdict.NotSecret;
        }

        return verdict.Kind == SecretVerdictKind.SecretKeyName
               && (document.IsKeyBesideItsSecret(value.KeyPath) || document.IsNeutralBesideASecretName(value.KeyPath))
            ? SecretVerdict.NotSecret
            : verdict;
    }

    // "Please enter your password" under a Password key is a UI text, not a password (Sonar #2868). The name's word after
    // a digit is part of another name: "see 1Password: Hunter2x!" names a store, then gives the password.
    private static bool IsSentenceAbout(string value, string name)
    {
        if (CountSpaces(value) < 2)
        {
            return false;
        }

        foreach (var word in SecretKeyNames.SplitWords(name))
        {
            for (var at = value.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = value.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (at == 0 || !char.IsDigit(value[at - 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int CountSpaces(string value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    internal static double ShannonEntropy(string value)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts.TryGetValue(c, out var count);
            counts[c] = count + 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log(p, 2);
        }

        return entropy;
    }
}
