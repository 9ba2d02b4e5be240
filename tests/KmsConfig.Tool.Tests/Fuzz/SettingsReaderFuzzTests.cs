using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KmsConfig.SecretRules;
using KmsConfig.Testing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the settings reader that <c>check</c> and the analyzer share (KmsConfig.SecretRules): byte-mutated
/// settings files (invalid UTF-8, byte order marks, lone surrogates in <c>\u</c> escapes, comments, huge numbers) and
/// pathological ones (10,000 '[', long strings and digit runs). The reader never throws and returns, within a time bound,
/// either values or a parse error whose line and column match its offset; it accepts exactly the texts the JSON
/// configuration provider accepts, so KMS1008 is reported for every file the application could not load, and for no
/// other. <c>check</c> on such files ends with exit 0 or 1, prints no stack trace, and its JSON output parses.
/// </summary>
public sealed class SettingsReaderFuzzTests : IDisposable
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_MutatedSettingsText_GivesValuesOrAPositionedError_AsTheProviderDoes()
    {
        const int Seed = 8_675_309;
        const int Cases = 10_000;
        var random = new Random(Seed);
        var corpus = Corpus();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (file, original) = corpus[i % corpus.Count];
            var (bytes, steps) = ByteMutator.Mutate(random, original);
            var text = Encoding.UTF8.GetString(bytes);
            if (random.Next(10) == 0)
            {
                // A string can hold what no decoder makes: half a surrogate pair. The reader must still not throw.
                var at = random.Next(text.Length + 1);
                text = text.Insert(at, random.Next(2) == 0 ? "\ud800" : "\udfff");
                steps += $", insert a lone surrogate at char {at}";
            }

            var name = $"seed {Seed}, case {i} ({file}: {steps})";
            var outcome = TimeBound.Run(() => AssertRead(text, name), CaseLimit, () => name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("values") > 0 && outcomes.GetValueOrDefault("error") > 0, string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}")));
    }

    [Theory]
    [MemberData(nameof(Pathological))]
    public void ReadAndCheck_PathologicalText_GiveValuesOrAPositionedError_InBoundedTime(string name, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        TimeBound.Run(() => AssertRead(text, name), CaseLimit, () => name);

        // Linear work on at most a few megabytes: far below a second even on a loaded machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"Reading {name} took {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        var path = _directory.File("appsettings.json");
        File.WriteAllText(path, text, new UTF8Encoding(false, false));
        AssertCheck(path, name);
    }

    [Fact]
    public void Check_OnMutatedSettingsFiles_EndsWithExit0Or1_WithoutStackTraces_AndValidOutput()
    {
        const int Seed = 2_718;
        const int Cases = 150;
        var random = new Random(Seed);
        var corpus = Corpus();
        var exitCodes = new Dictionary<int, int>();
        var path = _directory.File("appsettings.json");
        for (var i = 0; i < Cases; i++)
        {
            var (file, original) = corpus[i % corpus.Count];
            var (bytes, steps) = ByteMutator.Mutate(random, original);
            File.WriteAllBytes(path, bytes);
            foreach (var exitCode in AssertCheck(path, $"seed {Seed}, case {i} ({file}: {steps})"))
            {
                exitCodes[exitCode] = exitCodes.GetValueOrDefault(exitCode) + 1;
            }
        }

        Assert.True(exitCodes.Count == 2, $"Exit codes: {string.Join(", ", exitCodes.Select(p => $"{p.Key} x{p.Value}"))}");
    }

    /// <summary>Runs <c>check</c> in-process on the file in both formats; returns the exit codes.</summary>
    private static List<int> AssertCheck(string path, string name)
    {
        var exitCodes = new List<int>();
        foreach (var format in new[] { "text", "json" })
        {
            var stopwatch = Stopwatch.StartNew();
            var run = TimeBound.Run(() => ToolRun.RunAsync(["check", path, "--format", format]).GetAwaiter().GetResult(), CaseLimit, () => name);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"check took {stopwatch.Elapsed.TotalMilliseconds:0} ms: {name}");

            exitCodes.Add(run.ExitCode);
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.Findings, $"Exit code {run.ExitCode}: {run} {name}");
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            if (format == "json")
            {
                using var json = JsonDocument.Parse(run.Stdout);
                Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
            }
            else
            {
                // One 'file(line,col): warning ID: message' line per finding, as problem matchers read them.
                foreach (var line in run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.True(line.StartsWith(path + "(", StringComparison.Ordinal) && line.Contains("): warning KMS", StringComparison.Ordinal), $"Output line '{line}': {name}");
                }
            }
        }

        return exitCodes;
    }

    public static TheoryData<string, string> Pathological()
    {
        var digits = new string('9', 200_000);
        return new TheoryData<string, string>
        {
            { "10,000 '['", "{\"A\":" + new string('[', 10_000) },
            { "10,000 '[' closed", "{\"A\":" + new string('[', 10_000) + new string(']', 10_000) + "}" },
            { "100,000 '{'", new string('{', 100_000) },
            { "10,000 '{\"a\":'", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) },
            { "a 200,000-digit number", "{\"A\":" + digits + "}" },
            { "a 200,000-digit exponent", "{\"A\":1e" + digits + "}" },
            { "a 200,000-digit fraction", "{\"A\":-0." + digits + "e-" + digits + "}" },
            { "a 2 MB string", "{\"Password\":\"" + new string('x', 2_000_000) + "\"}" },
            { "an unclosed 2 MB string", "{\"Password\":\"" + new string('x', 2_000_000) },
            { "100,000 lone surrogate escapes", "{\"A\":\"" + string.Concat(Enumerable.Repeat("\\ud800", 100_000)) + "\"}" },
            { "100,000 surrogate pairs", "{\"A\":\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 100_000)) + "\"}" },
            { "a \\u escape at the end", "{\"A\":\"\\u" },
            { "100,000 '/*'", "{" + string.Concat(Enumerable.Repeat("/*", 100_000)) },
            { "100,000 comments", "{" + string.Concat(Enumerable.Repeat("/**/", 100_000)) + "}" },
            { "100,000 line comments", "{" + string.Concat(Enumerable.Repeat("//x\r", 100_000)) + "}" },
            { "50,000 allow comments", "{" + string.Concat(Enumerable.Repeat("// kmsconfig:allow KMS1003 why\n", 50_000)) + "}" },
            { "line breaks escaped in key names", "{\"Smtp\\r\\nwarning KMS1003: x\\u0085\\u2028\":{\"Password\":\"hunter2-hunter2\",\"Api\\u0000Key\":\"AKIAIOSFODNN7EXAMPLE\"}}" },
            { "200,000 CRs", "{" + new string('\r', 200_000) + "\"A\":\"\n\"}" },
            { "NUL bytes", "{\"A\":\0\"x\"\0}" },
            { "50,000 members", "{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"K{i}\":{i}")) + "}" },
            { "50,000 duplicate-looking members", "{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\":{{\"a:b\":1}}")) + "}" },
            { "50,000 array elements", "{\"A\":[" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => "\"p4ss" + i + "\"")) + "]}" },
            { "a 100,000-segment key", "{\"" + string.Join(":", Enumerable.Repeat("a", 100_000)) + "\":\"Password=x\"}" },
        };
    }

    /// <summary>Reads <paramref name="text"/> and checks the document; returns "values" or "error".</summary>
    private static string AssertRead(string text, string name)
    {
        var document = JsonSettingsReader.Read(text);
        _ = SettingsScanner.Scan(text);

        var providerError = ByteMutator.IsWellFormedText(text) ? ProviderError(text) : "not checked";
        var lineAndColumn = Lines(text);
        if (document.Error is { } error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Reason), $"An error without a reason: {name}");
            Assert.True(error.Offset >= 0 && error.Offset <= text.Length, $"Offset {error.Offset} of {text.Length}: {name}");
            Assert.True((error.Line, error.Column) == lineAndColumn(error.Offset), $"Error '{error.Reason}' at ({error.Line},{error.Column}) but its offset {error.Offset} is at {lineAndColumn(error.Offset)}: {name}");
            Assert.True(providerError is not null, $"The reader refused ('{error.Reason}' at {error.Line},{error.Column}) a text that the JSON configuration provider loads: {name}\n{Escape(text)}");
            return "error";
        }

        Assert.True(providerError is null or "not checked", $"The reader accepted a text that the JSON configuration provider refuses ({providerError}): {name}\n{Escape(text)}");
        foreach (var value in document.Values)
        {
            Assert.True((value.Line, value.Column) == lineAndColumn(value.Offset), $"'{value.KeyPath}' at ({value.Line},{value.Column}) but its offset {value.Offset} is at {lineAndColumn(value.Offset)}: {name}");
        }

        return "values";
    }

    /// <summary>
    /// Line and column of an offset, counted independently: '\n', '\r\n' and a lone '\r' end a line; a leading BOM is no
    /// column. Made once per text (a search per value would make 100,000 values cost 10^10 steps).
    /// </summary>
    private static Func<int, (int Line, int Column)> Lines(string text)
    {
        var starts = new List<int> { text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0 };
        for (var i = starts[0]; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return offset =>
        {
            var index = starts.BinarySearch(offset);
            var line = index >= 0 ? index : Math.Max(~index - 1, 0);
            return (line + 1, offset - starts[line] + 1);
        };
    }

    /// <summary>Why the JSON configuration provider refuses the text (as UTF-8, the way the file holds it), or <see langword="null"/>.</summary>
    private static string? ProviderError(string text)
    {
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            new ConfigurationBuilder().AddJsonStream(stream).Build();
            return null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or InvalidOperationException or JsonException)
        {
            return ex.GetType().Name + ": " + (ex.InnerException ?? ex).Message;
        }
    }

    private static List<(string Name, byte[] Bytes)> Corpus()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var files = Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();
        files.Add(("secrets", Encoding.UTF8.GetBytes("""
            {
              // kmsconfig:allow KMS1003 a test fixture
              "Smtp": { "Host": "smtp.example.com", "Password": "Pa55w0rd-Plaintext!" },
              "Api": { "Key": "kms:v1:AgANbG9jYWw6dmVjdG9ycw:sLGys7S1tre4ubq7:ZZ9YMfdR9WpQNkiJZk-9f_IOzenuLeZC2xTOK6ZQ", "Raw": "kms:raw:AQIDBAUGBwgJ" },
              "Aws": { "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
              "Numbers": [ 0, -1.5e+10, 123456789012345678901234567890 ], "Flags": [ true, false, null ],
              "Db:Password": "hunter2", "Nested": { "Deep": [ { "ClientSecret": "s3cr3t-value-123" } ] }
            }
            """)));
        files.Add(("bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\r\n  \"ConnectionStrings\": { \"Default\": \"Server=db;Password=x\" }\r\n}\r\n")]));
        return files;
    }

    private static string Escape(string text) => text.Length > 2_000 ? $"({text.Length} chars)" : string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
