using System.Text;
using System.Text.Json;
using KmsConfig.Testing;
using KmsConfig.Tool.Editing;
using Microsoft.Extensions.Configuration;
using Xunit.Sdk;

namespace KmsConfig.Tool.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the editor behind <c>set</c>: corpus files, byte-mutated or not, in LF, CRLF and BOM forms, each
/// given a value at a random key path (existing values and sections, new paths, array indexes in and out of range,
/// Unicode, empty segments, quotes and control characters). The editor either refuses with a
/// <see cref="JsonEditException"/> (the file, or the path) and changes nothing, or its output parses as the JSON
/// configuration provider reads it, holds the new value at the path, keeps every other setting, and differs from the
/// input only where the value was written: the old value's characters, or inserted text. Never another exception,
/// never a hang. The <c>set</c> verb on such files ends with a documented exit code and no stack trace.
/// </summary>
public sealed class EditorFuzzTests : IDisposable
{
    private const string NewValue = "kms:v1:AQAKbG9jYWw6dGVzdA:BBBBBBBBBBBBBBBB:BBBBBBBBBBBBBBBBBBBBBB";
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private static readonly JsonDocumentOptions ProviderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static readonly string[] Names =
    [
        "ConnectionStrings", "Default", "Clients", "Secret", "Secrets", "Logging", "KmsConfig", "Empty", "None", "Deep",
        "connectionstrings", "DEFAULT", "Grüße", "GRÜSSE", "ключ", "鍵", "😀", "e\u0301", "\u00e9", "\u0130", "ß", "SS",
        "a b", " ", "\t", "\"", "\\", "\n", "\u0000", "\u001f", "\u2028", "/", "*", "//", "/*", "{", "]", ",", "kms:v1:",
        new string('x', 300), "0", "1", "2", "5", "99", "01", "-1", "+1", " 1", "1 ", "2147483648", "\u0661", "１",
    ];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SetString_OnMutatedCorpusFile_RefusesCleanlyOrChangesOnlyTheValueAtThePath()
    {
        const int Seed = 77_001;
        const int Cases = 3_000;
        var random = new Random(Seed);
        var corpus = Corpus();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (file, original) = corpus[i % corpus.Count];
            var (bytes, steps) = random.Next(4) == 0 ? (original, "unchanged") : ByteMutator.Mutate(random, original);
            var keyPath = RandomKeyPath(random, original);
            var name = $"seed {Seed}, case {i} ({file}: {steps}), key path '{Escape(keyPath)}'";
            var outcome = TimeBound.Run(() => AssertSet(bytes, keyPath, name), CaseLimit, () => name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        AssertReached(outcomes, "refused file", "refused path", "replaced", "inserted");
    }

    [Fact]
    public void SetString_AtRandomKeyPathOfValidCorpusFile_RefusesThePathCleanlyOrChangesOnlyTheValueAtIt()
    {
        const int Seed = 5_150;
        const int Cases = 3_000;
        var random = new Random(Seed);
        var corpus = Corpus();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (file, bytes) = corpus[i % corpus.Count];
            var keyPath = RandomKeyPath(random, bytes);
            var name = $"seed {Seed}, case {i} ({file}), key path '{Escape(keyPath)}'";
            var outcome = TimeBound.Run(() => AssertSet(bytes, keyPath, name), CaseLimit, () => name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        AssertReached(outcomes, "refused path", "replaced", "inserted");
        Assert.False(outcomes.ContainsKey("refused file"), "A valid corpus file was refused.");
    }

    [Fact]
    public async Task Set_OnMutatedCorpusFile_EndsWithADocumentedExitCode_AndLeavesARefusedFileAsItWas()
    {
        const int Seed = 31_337;
        const int Cases = 150;
        LocalKeys.CreateKey("fuzz", _directory.KeyDirectory);
        var random = new Random(Seed);
        var corpus = Corpus();
        var exitCodes = new Dictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (file, original) = corpus[i % corpus.Count];
            var (bytes, steps) = random.Next(3) == 0 ? (original, "unchanged") : ByteMutator.Mutate(random, original);
            var keyPath = RandomKeyPath(random, original);
            var name = $"seed {Seed}, case {i} ({file}: {steps}), key path '{Escape(keyPath)}'";
            var path = _directory.File("appsettings.json");
            File.WriteAllBytes(path, bytes);

            var run = await ToolRun.RunAsync(["set", path, keyPath, "--key-id", "local:fuzz"], stdin: "fuzz-s3cret\n", localKeyDirectory: _directory.KeyDirectory)
                .WaitAsync(CaseLimit);

            exitCodes[run.ExitCode] = exitCodes.GetValueOrDefault(run.ExitCode) + 1;
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.Usage or ExitCodes.FileFailure, $"Exit code {run.ExitCode}: {run} {name}");
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            run.AssertNoLeak("fuzz-s3cret");
            var after = File.ReadAllBytes(path);
            if (run.ExitCode != ExitCodes.Success)
            {
                Assert.True(after.AsSpan().SequenceEqual(bytes), $"A refused set changed the file: {run} {name}");
                Assert.False(string.IsNullOrWhiteSpace(run.Stderr), $"No message: {name}");
                continue;
            }

            var value = ReadConfiguration(after)?.GetValueOrDefault(keyPath);
            Assert.True(EncryptedValues.GetKeyId(value) == "local:fuzz", $"The file holds no value of the key at '{keyPath}': {run} {name}");
        }

        Assert.True(exitCodes.Count >= 3, $"Exit codes: {string.Join(", ", exitCodes.Select(p => $"{p.Key} x{p.Value}"))}");
    }

    /// <summary>Sets <see cref="NewValue"/> at <paramref name="keyPath"/> and checks the outcome; returns it in a word.</summary>
    private static string AssertSet(byte[] before, string keyPath, string name)
    {
        JsonSettingsEditor editor;
        try
        {
            editor = JsonSettingsEditor.FromBytes(before);
        }
        catch (JsonEditException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message), $"Empty message: {name}");

            // Nor does it refuse what the application reads, except on purpose: UTF-16, and bytes that are not UTF-8
            // (the provider reads them as U+FFFD, and the editor would write that back over them).
            Assert.True(
                ReadConfiguration(before) is null || !IsUtf8WithoutUtf16Bom(before),
                $"The editor refused ('{ex.Message}') a file that the JSON configuration provider reads: {name}\n{Escape(Encoding.UTF8.GetString(before))}");
            return "refused file";
        }

        // What the editor reads, the application must be able to read: else 'set' would write into a file that never loads.
        var oldSettings = ReadConfiguration(before);
        Assert.True(oldSettings is not null, $"The editor read a file that the JSON configuration provider refuses ({ProviderError(before)}): {name}\n{Escape(Encoding.UTF8.GetString(before))}");

        var textBefore = editor.Text;
        var replaced = editor.Find(keyPath);
        try
        {
            editor.SetString(keyPath, NewValue);
        }
        catch (JsonEditException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message), $"Empty message: {name}");
            Assert.True(textBefore == editor.Text, $"A refused edit changed the text: {name}");
            return "refused path";
        }

        var after = editor.ToBytes();

        // (a) The output parses as the provider parses it, BOM and all.
        using (JsonDocument.Parse(after.AsSpan().StartsWith(Bom) ? after[Bom.Length..] : after, ProviderOptions))
        {
        }

        var newSettings = ReadConfiguration(after);
        Assert.True(newSettings is not null, $"The JSON configuration provider refuses the output: {name}\n{editor.Text}");

        // (b) The new value is at the path; (c) every other setting is as it was, and no other key appeared.
        Assert.True(newSettings.TryGetValue(keyPath, out var now) && now == NewValue, $"The value is not at the path: {name}\n{editor.Text}");
        foreach (var (key, value) in oldSettings.Where(p => !IsSameOrAncestor(p.Key, keyPath)))
        {
            Assert.True(newSettings.TryGetValue(key, out var kept) && kept == value, $"'{key}' changed: {name}\n{editor.Text}");
        }

        foreach (var key in newSettings.Keys)
        {
            Assert.True(oldSettings.ContainsKey(key) || IsSameOrAncestor(key, keyPath), $"'{key}' appeared: {name}\n{editor.Text}");
        }

        // (d) Byte for byte, only the edited region changed: the BOM stays, the old value's characters are replaced, or
        // text is inserted (the old text between the first and last change is kept inside the new).
        Assert.Equal(before.AsSpan().StartsWith(Bom), after.AsSpan().StartsWith(Bom));
        var textAfter = editor.Text;
        if (replaced is not null)
        {
            Assert.True(textBefore[..replaced.Start] + JsonText.Quote(NewValue) + textBefore[replaced.End..] == textAfter, $"More than the old value changed: {name}\n{textAfter}");
            return "replaced";
        }

        var prefix = EditedRegion.CommonPrefix(textBefore, textAfter);
        var suffix = EditedRegion.CommonSuffix(textBefore, textAfter, prefix);
        var oldMiddle = textBefore[prefix..(textBefore.Length - suffix)];
        var newMiddle = textAfter[prefix..(textAfter.Length - suffix)];
        Assert.True(oldMiddle.Trim().Length == 0 || newMiddle.Contains(oldMiddle, StringComparison.Ordinal), $"Existing text '{Escape(oldMiddle)}' changed: {name}\n{textAfter}");
        Assert.Contains(NewValue, newMiddle, StringComparison.Ordinal);
        if (!textBefore.Contains('\r'))
        {
            Assert.DoesNotContain('\r', textAfter);
        }
        else if (textBefore.Replace("\r\n", string.Empty, StringComparison.Ordinal).IndexOfAny(['\r', '\n']) < 0)
        {
            Assert.True(textAfter.Replace("\r\n", string.Empty, StringComparison.Ordinal).IndexOfAny(['\r', '\n']) < 0, $"A CRLF file got a bare line break: {name}");
        }

        return "inserted";
    }

    /// <summary>A key path built from the file's own names, names the file does not have, indexes and odd characters.</summary>
    private static string RandomKeyPath(Random random, byte[] file)
    {
        var existing = ExistingPaths(file);
        if (existing.Count > 0 && random.Next(3) == 0)
        {
            var path = existing[random.Next(existing.Count)];
            return random.Next(3) switch
            {
                0 => path,
                1 => path + ":" + Names[random.Next(Names.Length)],
                _ => random.Next(2) == 0 ? path.ToUpperInvariant() : path + ":" + random.Next(4),
            };
        }

        var segments = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(8) == 0 ? string.Empty : Names[random.Next(Names.Length)]);
        return string.Join(':', segments);
    }

    /// <summary>The file's value and section paths (the corpus files are valid), for paths that reach into them.</summary>
    private static List<string> ExistingPaths(byte[] file) =>
        ReadConfiguration(file)?.Keys.ToList() ?? [];

    /// <summary>What the JSON configuration provider reads, or <see langword="null"/> when it refuses the file.</summary>
    private static Dictionary<string, string?>? ReadConfiguration(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            return new ConfigurationBuilder().AddJsonStream(stream).Build()
                .AsEnumerable()
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    private static bool IsUtf8WithoutUtf16Bom(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string? ProviderError(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            new ConfigurationBuilder().AddJsonStream(stream).Build();
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message + " / " + ex.InnerException?.Message;
        }
    }

    private static List<(string Name, byte[] Bytes)> Corpus()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var files = new List<(string, byte[])>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            var name = Path.GetFileName(file);
            files.Add((name, Encoding.UTF8.GetBytes(text)));
            files.Add((name + " (CRLF)", Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))));
            files.Add((name + " (BOM)", [.. Bom, .. Encoding.UTF8.GetBytes(text)]));
        }

        return files;
    }

    private static void AssertReached(Dictionary<string, int> outcomes, params string[] expected)
    {
        foreach (var outcome in expected)
        {
            Assert.True(outcomes.GetValueOrDefault(outcome) > 0, $"No case ended as {outcome}: {string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}"))}");
        }
    }

    private static bool IsSameOrAncestor(string key, string keyPath) =>
        string.Equals(key, keyPath, StringComparison.OrdinalIgnoreCase)
        || keyPath.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase);

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
