namespace KmsConfig.Format;

/// <summary>
/// A <c>kms:raw:</c> value: a KMS <c>CiphertextBlob</c> exactly as <c>aws kms encrypt --output text --query CiphertextBlob</c>
/// prints it (standard base64; base64url is accepted too). One KMS call per distinct value; not bound to a key path.
/// </summary>
internal static class RawKmsValue
{
    public static byte[]? TryParse(string value, out string? problem)
    {
        var blob = Base64Url.TryDecodeLenient(value[EncryptedValue.RawPrefix.Length..]);
        problem = blob is null ? "its text after 'kms:raw:' is not base64 KMS ciphertext; the value may be truncated or damaged" : null;
        return blob;
    }
}
