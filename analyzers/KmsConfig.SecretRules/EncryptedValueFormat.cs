using System;

namespace KmsConfig.SecretRules;

/// <summary>
/// The shape of KmsConfig ciphertext values, checked without keys: <c>kms:v1:&lt;envelope&gt;:&lt;nonce&gt;:&lt;ciphertext+tag&gt;</c>
/// (unpadded base64url parts) and <c>kms:raw:&lt;base64&gt;</c> (AWS KMS <c>CiphertextBlob</c> text).
/// </summary>
internal static class EncryptedValueFormat
{
    public const string Prefix = "kms:";
    private const string V1Prefix = "kms:v1:";
    private const string RawPrefix = "kms:raw:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Whether the secret rules treat the value as encrypted: any string that starts with <c>kms:</c>.</summary>
    public static bool IsEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Checks an encrypted value's shape; returns <see langword="null"/> when it is well formed, else a reason that
    /// quotes none of the value.
    /// </summary>
    public static string? FindProblem(string value)
    {
        if (value.StartsWith(V1Prefix, StringComparison.Ordinal))
        {
            return FindV1Problem(value.Substring(V1Prefix.Length));
        }

        if (value.StartsWith(RawPrefix, StringComparison.Ordinal))
        {
            var body = value.Substring(RawPrefix.Length);
            if (body.Length == 0)
            {
                return "the kms:raw: value has no ciphertext";
            }

            return TryDecodeStandardOrUrl(body) is null ? "the kms:raw: ciphertext is not valid base64" : null;
        }

        return "the prefix is not 'kms:v1:' or 'kms:raw:' (unsupported version or typo)";
    }

    private static string? FindV1Problem(string body)
    {
        var parts = body.Split(':');
        if (parts.Length != 3)
        {
            return "a kms:v1: value has three ':'-separated parts after the prefix, this one has " + parts.Length;
        }

        var envelope = DecodeBase64Url(parts[0]);
        if (envelope is null)
        {
            return "the wrapped data key part is not unpadded base64url";
        }

        if (envelope.Length < 5)
        {
            return "the wrapped data key part is too short";
        }

        if (envelope[0] != 0x01 && envelope[0] != 0x02)
        {
            return "the wrapped data key names an unknown key provider";
        }

        var keyIdLength = (envelope[1] << 8) | envelope[2];
        if (keyIdLength == 0 || envelope.Length < 3 + keyIdLength + 1)
        {
            return "the wrapped data key's key id or provider data is missing";
        }

        var nonce = DecodeBase64Url(parts[1]);
        if (nonce is null)
        {
            return "the nonce part is not unpadded base64url";
        }

        if (nonce.Length != NonceBytes)
        {
            return "the nonce part is not 12 bytes";
        }

        var ciphertext = DecodeBase64Url(parts[2]);
        if (ciphertext is null)
        {
            return "the ciphertext part is not unpadded base64url";
        }

        return ciphertext.Length < TagBytes ? "the ciphertext part is shorter than the 16-byte tag" : null;
    }

    /// <summary>Decodes unpadded base64url (A-Z a-z 0-9 - _, no '='); <see langword="null"/> when it is not.</summary>
    internal static byte[]? DecodeBase64Url(string text)
    {
        if (text.Length == 0 || text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!IsBase64UrlChar(c))
            {
                return null;
            }
        }

        return Decode(text.Replace('-', '+').Replace('_', '/'));
    }

    private static byte[]? TryDecodeStandardOrUrl(string text)
    {
        foreach (var c in text)
        {
            if (!IsBase64UrlChar(c) && c != '+' && c != '/' && c != '=')
            {
                return null;
            }
        }

        var trimmed = text.TrimEnd('=');
        if (text.Length - trimmed.Length > 2 || trimmed.IndexOf('=') >= 0 || trimmed.Length % 4 == 1)
        {
            return null;
        }

        if (text.Length != trimmed.Length && text.Length % 4 != 0)
        {
            return null;
        }

        return Decode(trimmed.Replace('-', '+').Replace('_', '/'));
    }

    private static byte[]? Decode(string standardUnpadded)
    {
        var padded = standardUnpadded.PadRight(standardUnpadded.Length + ((4 - (standardUnpadded.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsBase64UrlChar(char c)
        => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
