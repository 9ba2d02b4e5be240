using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Tests.SecretRules;

public sealed class JsonSettingsReaderTests
{
    [Fact]
    public void Read_FlattensNestedObjectsAndArraysLikeIConfiguration()
    {
        var document = JsonSettingsReader.Read("""
            {
              "A": { "B": "x", "C": [ 1, { "D": true } ] },
              "E": null,
              "F": {}
            }
            """);

        Assert.Null(document.Error);
        Assert.Equal(new[] { "A:B", "A:C:0", "A:C:1:D", "E", "F" }, document.Values.Select(v => v.KeyPath));
        Assert.Equal(new[] { SettingsValueKind.String, SettingsValueKind.Number, SettingsValueKind.Boolean, SettingsValueKind.Null, SettingsValueKind.Empty }, document.Values.Select(v => v.Kind));
    }

    [Fact]
    public void Read_ReportsOneBasedLineAndColumnOfEachValueToken()
    {
        var document = JsonSettingsReader.Read("{\r\n  \"Db\": {\r\n    \"Password\":   \"p\\\"w\"\r\n  }\r\n}");

        var value = Assert.Single(document.Values);
        Assert.Equal((3, 19), (value.Line, value.Column));
        Assert.Equal("p\"w", value.Value);
        Assert.Equal(6, value.Length);
    }

    [Fact]
    public void Read_AcceptsCommentsAndTrailingCommas()
    {
        var document = JsonSettingsReader.Read("""
            // leading
            {
              /* block
                 comment */
              "A": "x", // trailing
              "B": [1, 2,],
            }
            """);

        Assert.Null(document.Error);
        Assert.Equal(new[] { "A", "B:0", "B:1" }, document.Values.Select(v => v.KeyPath));
    }

    [Fact]
    public void Read_DecodesUnicodeEscapes()
        => Assert.Equal("é/", JsonSettingsReader.Read("""{ "A": "\u00e9\/" }""").Values[0].Value);

    // Found by fuzzing: half a pair ("\ud800" alone) was read as a string, while the provider refuses the file.
    [Fact]
    public void Read_DecodesSurrogatePairEscapes()
        => Assert.Equal("😀x", JsonSettingsReader.Read("""{ "A": "\ud83d\uDE00x" }""").Values[0].Value);

    [Fact]
    public void Read_SkipsByteOrderMarkWithoutShiftingColumns()
        => Assert.Equal(7, JsonSettingsReader.Read("\uFEFF{\"A\": 1}").Values[0].Column);

    [Theory]
    [InlineData("{ \"A\": \"x\", \"a\": \"y\" }", 1, 13, "appears twice")]
    [InlineData("{ \"Db:Password\": \"x\", \"db\": { \"password\": \"y\" } }", 1, 43, "is given twice")]
    [InlineData("{ \"Hosts\": [ \"a\" ], \"Hosts:0\": \"b\" }", 1, 32, "is given twice")]
    [InlineData("{ \"A\": \"x\"\n  \"B\": 1 }", 2, 3, "',' or '}'")]
    [InlineData("[ 1, 2 ]", 1, 1, "root must be a JSON object")]
    [InlineData("{ \"A\": \"x }", 1, 8, "not closed")]
    [InlineData("{ \"A\": tru }", 1, 8, "value was expected")]
    [InlineData("{ \"A\": 1x }", 1, 9, "malformed")]
    [InlineData("{ \"A\": 01 }", 1, 8, "starts with 0 and more digits")]
    [InlineData("{ \"A\": [ 0, -007.5 ] }", 1, 13, "starts with 0 and more digits")]
    [InlineData("{ \"A\": 1 } }", 1, 12, "after the root object")]
    [InlineData("{ \"A\": /* open", 1, 8, "comment is not closed")]
    [InlineData("{\n\n  \"A\": \"line\nbreak\" }", 3, 13, "control character")]
    [InlineData("{ \"A\": \"x\\q\" }", 1, 10, "unknown escape")]
    [InlineData("{ \"A\": \"\\u12\" }", 1, 11, "four hexadecimal digits")]
    [InlineData("{ \"A\": \"x\\ud800\" }", 1, 10, "half of a UTF-16 surrogate pair")]
    [InlineData("{ \"A\": \"\\udc00\\ud800\" }", 1, 9, "half of a UTF-16 surrogate pair")]
    [InlineData("{ \"A\": \"\\ud83d\\u0041\" }", 1, 9, "half of a UTF-16 surrogate pair")]
    [InlineData("{ \"\\ud83d\": 1 }", 1, 4, "half of a UTF-16 surrogate pair")]
    [InlineData("{ // note\u2028\n  \"A\": 1 }", 1, 10, "line or paragraph separator")]
    [InlineData("{ \"A\": 1 }\uFEFF", 1, 11, "after the root object")]
    [InlineData("{ \"A\":\uFEFF 1 }", 1, 7, "value was expected")]
    public void Read_ReportsParseErrorsWithPosition(string json, int line, int column, string reason)
    {
        var error = JsonSettingsReader.Read(json).Error;

        Assert.NotNull(error);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    // As System.Text.Json in the provider: 64 levels of objects and arrays, the root included, and no more.
    [Theory]
    [InlineData(64, false)]
    [InlineData(65, true)]
    public void Read_RefusesNestingDeeperThanTheProvider(int levels, bool refused)
    {
        var text = string.Concat(Enumerable.Repeat("{\"A\":", levels - 1)) + "{}" + new string('}', levels - 1);

        Assert.Equal(refused, JsonSettingsReader.Read(text).Error?.Reason.Contains("nests deeper", StringComparison.Ordinal) == true);
    }

    // The JSON configuration provider refuses these files at startup ("Failed to load configuration from file").
    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("// no settings yet\n")]
    public void Read_RefusesFileWithoutAnObject(string text)
        => Assert.Contains("holds no JSON object", JsonSettingsReader.Read(text).Error?.Reason);

    [Fact]
    public void Read_AcceptsHugeNumbersWithoutOverflow()
        => Assert.Equal("123456789012345678901234567890e300", JsonSettingsReader.Read("""{ "Password": 123456789012345678901234567890e300 }""").Values[0].Value);

    [Fact]
    public void Read_RejectsDeepNesting()
        => Assert.NotNull(JsonSettingsReader.Read("{\"a\":" + new string('[', 100) + new string(']', 100) + "}").Error);
}
