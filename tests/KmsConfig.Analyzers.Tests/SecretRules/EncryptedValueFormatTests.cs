using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Tests.SecretRules;

public sealed class EncryptedValueFormatTests
{
    // Envelope: provider 0x01, key id "a-key" (5 bytes), one byte of provider data.
    internal const string ValidV1 = "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA";

    [Theory]
    [InlineData(ValidV1)]
    [InlineData("kms:v1:AgAFYS1rZXkAAAA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("kms:raw:AQICAHh4c2VjcmV0LWNpcGhlcnRleHQ=")]
    [InlineData("kms:raw:AQICAHh4c2VjcmV0LWNpcGhlcnRleHQ")]
    [InlineData("kms:raw:AQICAHh4-_==")]
    public void FindProblem_AcceptsWellFormedValues(string value)
        => Assert.Null(EncryptedValueFormat.FindProblem(value));

    [Theory]
    [InlineData("kms:v2:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "prefix")]
    [InlineData("kms:", "prefix")]
    [InlineData("kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA", "three")]
    [InlineData("kms:v1:AQAFYS1rZXkA=:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "wrapped data key part is not")]
    [InlineData("kms:v1:AQAF:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "too short")]
    [InlineData("kms:v1:BQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "unknown key provider")]
    [InlineData("kms:v1:AQAAYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "key id")]
    [InlineData("kms:v1:AQAFYS1rZXk:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "key id")]
    [InlineData("kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "nonce")]
    [InlineData("kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA", "12 bytes")]
    [InlineData("kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAA", "tag")]
    [InlineData("kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAA+AAAAAAAAAAAAAAAAA", "ciphertext part is not")]
    [InlineData("kms:raw:", "no ciphertext")]
    [InlineData("kms:raw:not base64!", "not valid base64")]
    [InlineData("kms:raw:AQI=AAA", "not valid base64")]
    public void FindProblem_NamesWhatIsWrong_WithoutQuotingTheValue(string value, string reason)
    {
        var problem = EncryptedValueFormat.FindProblem(value);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAA", problem, StringComparison.Ordinal);
    }
}
