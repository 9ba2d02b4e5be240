using System.Text;
using System.Text.Json;
using KmsConfig.Tool.Editing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Editing;

/// <summary>
/// Every corpus file, in each of LF, CRLF, BOM and BOM+CRLF form, edited in every way the tool edits: the result is
/// valid for the JSON configuration provider, holds the new value at its key path, and every other byte is unchanged.
/// </summary>
public sealed class EditorCorpusTests
{
    private const string NewValue = "kms:v1:AQAKbG9jYWw6dGVzdA:BBBBBBBBBBBBBBBB:BBBBBBBBBBBBBBBBBBBBBB";

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in Directory.EnumerateFiles(CorpusDirectory, "*.json").Select(Path.GetFileName).Order())
        {
            foreach (var variant in new[] { "lf", "crlf", "bom", "bom+crlf" })
            {
                foreach (var operation in new[] { "replace", "insert-into-section", "new-section", "append-array", "new-nested-array" })
                {
                    data.Add(file!, variant, operation);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Edit_CorpusFile_ChangesOnlyTheEditedBytes(string file, string variant, string operation)
    {
        var before = Load(file, variant);
        var editor = JsonSettingsEditor.FromBytes(before);
        var keyPath = operation switch
        {
            "replace" => "ConnectionStrings:Default",
            "insert-into-section" => "ConnectionStrings:Added",
            "new-section" => "Added:Secret",
            "append-array" => "Clients:" + (editor.Find("Clients")?.Count ?? 0) + ":Secret",
            _ => "Deep:0:Inner:Secret",
        };
        var replaced = editor.Find(keyPath);

        editor.SetString(keyPath, NewValue);
        var after = editor.ToBytes();

        // The configuration provider reads the same settings plus the new value.
        var oldSettings = ReadConfiguration(before);
        var newSettings = ReadConfiguration(after);
        Assert.Equal(NewValue, newSettings[keyPath]);
        foreach (var (key, value) in oldSettings.Where(p => !IsSameOrAncestor(p.Key, keyPath)))
        {
            Assert.True(newSettings.TryGetValue(key, out var now) && now == value, $"'{key}' changed.");
        }

        // System.Text.Json with the provider's options accepts it.
        using (JsonDocument.Parse(StripBom(after), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
        {
        }

        var beforeText = Text(before);
        var afterText = Text(after);
        if (replaced is not null)
        {
            // Exactly the old value's characters were replaced.
            Assert.Equal(beforeText[..replaced.Start] + "\"" + NewValue + "\"" + beforeText[replaced.End..], afterText);
        }
        else
        {
            // Only insertions: the old text is what remains when the inserted text is taken out again.
            var prefix = EditedRegion.CommonPrefix(beforeText, afterText);
            var suffix = EditedRegion.CommonSuffix(beforeText, afterText, prefix);
            var oldMiddle = beforeText[prefix..(beforeText.Length - suffix)];
            var newMiddle = afterText[prefix..(afterText.Length - suffix)];
            Assert.True(oldMiddle.Trim().Length == 0 || newMiddle.Contains(oldMiddle, StringComparison.Ordinal), $"Changed existing text '{oldMiddle}'.");
            Assert.Contains(NewValue, newMiddle, StringComparison.Ordinal);
        }

        Assert.Equal(before.AsSpan().StartsWith(Bom), after.AsSpan().StartsWith(Bom));
        // Existing ciphertexts are untouched: one more than before, unless the edit replaced one.
        var replacedCiphertext = replaced?.StringValue?.StartsWith("kms:", StringComparison.Ordinal) == true;
        Assert.Equal(CountOccurrences(beforeText, "kms:v1:AQAK") + (replacedCiphertext ? 0 : 1), CountOccurrences(afterText, "kms:v1:AQAK"));
        if (variant.Contains("crlf", StringComparison.Ordinal))
        {
            Assert.Equal(CountOccurrences(afterText, "\n"), CountOccurrences(afterText, "\r\n"));
        }
        else
        {
            Assert.DoesNotContain('\r', afterText);
        }
    }

    [Theory]
    [InlineData("comments.json")]
    [InlineData("trailing-commas.json")]
    [InlineData("unicode-escapes.json")]
    [InlineData("nested-arrays.json")]
    [InlineData("tabs.json")]
    [InlineData("four-spaces.json")]
    public void SetString_NewValueInMultiLineSection_AddsExactlyOneLine(string file)
    {
        var before = Text(Load(file, "lf")).Split('\n');
        var editor = JsonSettingsEditor.FromBytes(Load(file, "lf"));

        editor.SetString("ConnectionStrings:Added", NewValue);
        var after = editor.Text.Split('\n');

        Assert.Equal(before.Length + 1, after.Length);
        var added = Enumerable.Range(0, after.Length).Single(i => after[i].Contains(NewValue, StringComparison.Ordinal));
        Assert.Equal(before, after.Where((_, i) => i != added));
    }

    [Theory]
    [InlineData("lf")]
    [InlineData("bom+crlf")]
    public void FromBytes_EveryCorpusFile_RoundTripsByteForByte(string variant)
    {
        foreach (var file in Directory.EnumerateFiles(CorpusDirectory, "*.json").Select(Path.GetFileName))
        {
            var bytes = Load(file!, variant);
            Assert.Equal(bytes, JsonSettingsEditor.FromBytes(bytes).ToBytes());
        }
    }

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static byte[] Load(string file, string variant)
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory, file)).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (variant.Contains("crlf", StringComparison.Ordinal))
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return variant.StartsWith("bom", StringComparison.Ordinal) ? [.. Bom, .. bytes] : bytes;
    }

    private static Dictionary<string, string?> ReadConfiguration(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return new ConfigurationBuilder().AddJsonStream(stream).Build()
            .AsEnumerable()
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsSameOrAncestor(string key, string keyPath) =>
        string.Equals(key, keyPath, StringComparison.OrdinalIgnoreCase)
        || keyPath.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase);

    private static byte[] StripBom(byte[] bytes) => bytes.AsSpan().StartsWith(Bom) ? bytes[3..] : bytes;

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(StripBom(bytes));

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
