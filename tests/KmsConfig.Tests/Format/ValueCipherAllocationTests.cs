using System.Security.Cryptography;
using KmsConfig.Format;

namespace KmsConfig.Tests.Format;

public sealed class ValueCipherAllocationTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Decrypt_AllocatesOnlyTheResultString(int plaintextLength)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = new WrappedDataKey(KeyProviderKind.Local, "local:test", new byte[60]);
        var plaintext = new string('x', plaintextLength);
        var value = ValueCipher.Encrypt(dataKey, wrapped, Base64Url.Encode(wrapped.ToBytes()), "ConnectionStrings:Default", plaintext);
        using var aes = new AesGcm(dataKey, EncryptedValue.TagSize);
        Assert.Equal(plaintext, ValueCipher.Decrypt(aes, value, "ConnectionStrings:Default"));

        const int Rounds = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            ValueCipher.Decrypt(aes, value, "ConnectionStrings:Default");
        }

        var perValue = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rounds;

        // A string of n chars is 22 + 2n bytes, rounded up to 8 on 64-bit.
        var stringSize = (22 + (2 * plaintextLength) + 7) / 8 * 8;
        Assert.True(perValue <= stringSize, $"{perValue} bytes per value; the result string alone is {stringSize}");
    }
}
