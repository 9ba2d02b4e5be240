using System.Buffers.Binary;
using System.Text;

namespace KmsConfig.Format;

/// <summary>
/// A data key as stored in every value of one encryption run: the provider kind, the key id that wrapped it,
/// and the provider's opaque blob. Layout: kind (1 byte), key id length (2 bytes, big-endian), key id (UTF-8), blob.
/// </summary>
internal sealed class WrappedDataKey
{
    private const int HeaderLength = 3;

    public WrappedDataKey(KeyProviderKind kind, string keyId, byte[] blob)
    {
        Kind = kind;
        KeyId = keyId;
        Blob = blob;
    }

    public KeyProviderKind Kind { get; }

    /// <summary>The key that wrapped the data key: a KMS key ARN, or <c>local:&lt;name&gt;</c>.</summary>
    public string KeyId { get; }

    public byte[] Blob { get; }

    public byte[] ToBytes()
    {
        var keyId = Encoding.UTF8.GetBytes(KeyId);
        var bytes = new byte[HeaderLength + keyId.Length + Blob.Length];
        bytes[0] = (byte)Kind;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), checked((ushort)keyId.Length));
        keyId.CopyTo(bytes.AsSpan(HeaderLength));
        Blob.CopyTo(bytes.AsSpan(HeaderLength + keyId.Length));
        return bytes;
    }

    public static WrappedDataKey? TryParse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength + 2)
        {
            return null;
        }

        var kind = (KeyProviderKind)bytes[0];
        if (kind is not (KeyProviderKind.AwsKms or KeyProviderKind.Local))
        {
            return null;
        }

        var keyIdLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[1..]);
        if (keyIdLength == 0 || bytes.Length < HeaderLength + keyIdLength + 1)
        {
            return null;
        }

        string keyId;
        try
        {
            keyId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Slice(HeaderLength, keyIdLength));
        }
        catch (ArgumentException)
        {
            return null;
        }

        // The kind and the key id must agree, or a tampered value would reach a key provider with a key id it cannot
        // take apart: a local key is 'local:<name>' with a name that can be a file name, a KMS key is never 'local:'.
        if (kind == KeyProviderKind.Local ? !LocalKeys.IsValidKeyId(keyId) : LocalKeys.IsLocalKeyId(keyId))
        {
            return null;
        }

        return new WrappedDataKey(kind, keyId, bytes[(HeaderLength + keyIdLength)..].ToArray());
    }
}
