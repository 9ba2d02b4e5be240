using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.Format;

public sealed class TestVectorTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in TestVector.ReadAll())
        {
            data.Add(vector.Name);
        }

        return data;
    }

    [Fact]
    public void Docs_ContainTestVectors() => Assert.True(TestVector.ReadAll().Count >= 2);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Encrypt_WithFixedKeysAndNonces_ProducesTheDocumentedValue(string name)
    {
        var vector = TestVector.ReadAll().Single(v => v.Name == name);
        using var temp = new TempDirectory();

        Assert.Equal(vector.Value, vector.Compute(temp.File("keys")));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task Decrypt_DocumentedValue_GivesThePlaintext(string name)
    {
        var vector = TestVector.ReadAll().Single(v => v.Name == name);
        using var temp = new TempDirectory();
        vector.Compute(temp.File("keys"));
        var decryptor = new SettingsDecryptor(new KeyProviderOptions { LocalKeyDirectory = temp.File("keys") });

        var result = await decryptor.DecryptAsync(
            [new(vector.KeyPath, vector.Value)],
            new DecryptionSettings { EncryptionContext = vector.EncryptionContext, UseDataKeyCache = false });

        Assert.Equal(vector.Plaintext, result[vector.KeyPath]);
    }
}
