using KmsConfig.Analyzers.Tests.Infrastructure;
using Test = KmsConfig.Analyzers.Tests.Infrastructure.KmsAnalyzerTest<KmsConfig.Analyzers.Rules.MalformedSettingsAnalyzer>;

namespace KmsConfig.Analyzers.Tests.Rules;

public sealed class MalformedSettingsAnalyzerTests
{
    private static Task RunAsync(string json, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        => new Test().WithSource("class C { }").WithSettings("appsettings.json", json).Expect(expected).RunAsync();

    [Fact]
    public Task UnsupportedVersionPrefix_IsReported()
        => RunAsync(
            """{ "Db": { "Password": {|#0:"kms:v2:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA"|} } }""",
            Test.Diagnostic("KMS1007").WithLocation(0).WithArguments("Db:Password", "appsettings.json", "the prefix is not 'kms:v1:' or 'kms:raw:' (unsupported version or typo)"));

    [Fact]
    public Task TruncatedValue_IsReported()
        => RunAsync(
            """{ "Db": { "Password": {|#0:"kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAA"|} } }""",
            Test.Diagnostic("KMS1007").WithLocation(0));

    [Fact]
    public Task BadBase64InRawValue_IsReported()
        => RunAsync(
            """{ "Db": { "Password": {|#0:"kms:raw:AQI*CAHh"|} } }""",
            Test.Diagnostic("KMS1007").WithLocation(0));

    [Fact]
    public Task WellFormedValues_AreNotReported()
        => RunAsync("""
            {
              "Db": { "Password": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" },
              "Legacy": { "ApiKey": "kms:raw:AQICAHh4c2VjcmV0LWNpcGhlcnRleHQ=" },
              "Notes": { "Text": "values look like kms:v1:..." },
              "KmsConfig": { "KeyId": "alias/orders", "Sample": "kms:v9:ignored-in-own-section" }
            }
            """);

    [Fact]
    public Task UnparsableFile_IsReportedAtTheError()
        => RunAsync(
            "{\n  \"A\": \"x\"\n  {|#0:|}\"B\": \"y\"\n}",
            Test.Diagnostic("KMS1008").WithLocation(0).WithArguments("appsettings.json", "',' or '}' was expected"));

    [Fact]
    public Task DuplicateKeyIgnoringCase_IsReported()
        => RunAsync(
            "{ \"Db\": 1, {|#0:|}\"db\": 2 }",
            Test.Diagnostic("KMS1008").WithLocation(0));

    [Fact]
    public Task CommentsAndTrailingCommas_AreAccepted()
        => RunAsync("""
            {
              // the provider skips comments
              "A": [1, 2,], /* and allows trailing commas */
            }
            """);

    [Theory]
    [InlineData("\"kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA\"")]
    [InlineData("\"kms:v1:AgAFYS1rZXkAAAA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAA\"")]
    [InlineData("\"kms:raw:AQICAHh4c2VjcmV0LWNpcGhlcnRleHQ=\"")]
    [InlineData("\"kms:raw:AQICAHh4-_\"")]
    [InlineData("\"KMS:v1:looks-like-kms-but-is-a-note\"")]
    [InlineData("\"see kms:v1: values in the docs\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public Task ValueThatIsNotAMalformedCiphertext_IsNotReported(string jsonValue)
        => RunAsync("{ \"Db\": { \"Password\": " + jsonValue + " } }");
}
