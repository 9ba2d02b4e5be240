using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace KmsConfig.Benchmarks.Tool;

/// <summary>
/// Part 3: the <c>dotnet kms-encrypt</c> tool, run as a process (as developers and CI run it), on a local key so that the
/// numbers are the tool's own (process start, JSON edit, crypto, atomic write); with AWS KMS each <c>set</c> or <c>file</c>
/// run adds one GenerateDataKey round trip, and <c>check</c> makes no KMS request at all.
/// </summary>
internal static class ToolBenchmark
{
    private const string LocalKeyName = "bench";

    public static ToolResults Run(string toolDll, bool quick)
    {
        if (!File.Exists(toolDll))
        {
            throw new FileNotFoundException($"The tool is not built: {toolDll}. Run 'dotnet build src/KmsConfig.Tool -c Release' first.");
        }

        var folder = Directory.CreateTempSubdirectory("kmsconfig-tool-bench-").FullName;
        var localKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Environment.SetEnvironmentVariable("KMSCONFIG_LOCAL_KEY_" + LocalKeyName.ToUpperInvariant(), localKey);
        var repetitions = quick ? 2 : 5;
        var rows = new List<ToolRow>();
        try
        {
            var tool = new ToolRunner(toolDll, localKey);

            // set: one new secret into a file that already holds N encrypted values.
            foreach (var existing in new[] { 1, 1000 })
            {
                var pristine = Path.Combine(folder, $"set-{existing}.json");
                File.WriteAllText(pristine, EncryptedFile(existing));
                var target = Path.Combine(folder, $"set-{existing}.work.json");
                var times = tool.Repeat(repetitions, () => File.Copy(pristine, target, overwrite: true), ["set", target, "Secrets:Added"], "new-secret-value\n", expectedExit: 0);
                rows.Add(new ToolRow("set", existing == 1 ? "into a file with 1 encrypted value" : $"into a file with {existing} encrypted values", existing, times));
                Log($"set into {existing} values: {times}");
            }

            // file: encrypt every plaintext secret of a file, all under one data key.
            foreach (var plaintexts in new[] { 1, 1000 })
            {
                var pristine = Path.Combine(folder, $"file-{plaintexts}.json");
                File.WriteAllText(pristine, PlaintextFile(plaintexts));
                var target = Path.Combine(folder, $"file-{plaintexts}.work.json");
                var times = tool.Repeat(repetitions, () => File.Copy(pristine, target, overwrite: true), ["file", target], null, expectedExit: 0, expectedStdoutLines: plaintexts);
                rows.Add(new ToolRow("file", plaintexts == 1 ? "1 plaintext secret encrypted" : $"{plaintexts} plaintext secrets encrypted", plaintexts, times));
                Log($"file with {plaintexts} plaintext secrets: {times}");
            }

            // check: a tree of 10,000 settings files; one in 1000 holds a plaintext password (exit 1, one finding each).
            foreach (var files in quick ? new[] { 100, 1000 } : new[] { 100, 10_000 })
            {
                var tree = Path.Combine(folder, $"tree-{files}");
                WriteTree(tree, files);
                var findings = Enumerable.Range(0, files).Count(i => HasPlaintext(i, files));
                var times = tool.Repeat(repetitions, null, ["check", tree], null, expectedExit: 1, expectedStdoutLines: findings);
                rows.Add(new ToolRow("check", $"a tree of {files:N0} settings files", files, times));
                Log($"check over {files} files: {times}");
            }

            return new ToolResults(MachineInfo.Current(), rows);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string SettingsHeader => $$"""
        {
          "KmsConfig": { "KeyId": "local:{{LocalKeyName}}", "EncryptionContext": { "app": "orders", "env": "bench" } },
        """;

    /// <summary>A file with <paramref name="count"/> <c>kms:v1:</c> values under one data key, as one tool run writes them.</summary>
    private static string EncryptedFile(int count)
    {
        var encryptor = new SettingsEncryptor();
        var values = encryptor.EncryptAsync(
            "local:" + LocalKeyName,
            new Dictionary<string, string> { ["app"] = "orders", ["env"] = "bench" },
            Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"Secrets:S{i:D4}", $"secret-{i:D4}-{Guid.NewGuid():N}")))
            .GetAwaiter().GetResult();
        var text = new StringBuilder(SettingsHeader).AppendLine().AppendLine("  \"Secrets\": {");
        text.AppendJoin("," + Environment.NewLine, values.Select(v => $"    \"{v.Key["Secrets:".Length..]}\": \"{v.Value}\""));
        return text.AppendLine().AppendLine("  }").AppendLine("}").ToString();
    }

    /// <summary>A file with <paramref name="count"/> plaintext passwords (rule KMS1003) among plain settings.</summary>
    private static string PlaintextFile(int count)
    {
        var text = new StringBuilder(SettingsHeader).AppendLine().AppendLine("  \"Services\": {");
        text.AppendJoin("," + Environment.NewLine, Enumerable.Range(0, count).Select(i =>
            $"    \"S{i:D4}\": {{ \"Url\": \"https://s{i}.example.com\", \"TimeoutSeconds\": 30, \"Password\": \"Pw-{Guid.NewGuid():N}\" }}"));
        return text.AppendLine().AppendLine("  }").AppendLine("}").ToString();
    }

    /// <summary>Writes <paramref name="files"/> appsettings files, 100 per folder, most of them clean.</summary>
    private static void WriteTree(string root, int files)
    {
        var fixture = new Crypto.CryptoFixture();
        for (var i = 0; i < files; i++)
        {
            var folder = Path.Combine(root, $"service{i / 100:D3}", i % 2 == 0 ? "src" : "deploy");
            Directory.CreateDirectory(folder);
            var secret = HasPlaintext(i, files)
                ? "\"Password\": \"hunter2-plaintext\""
                : $"\"Password\": \"{fixture.Encrypt("Database:Password", "x").Format()}\"";
            File.WriteAllText(Path.Combine(folder, $"appsettings.{i % 100:D2}.json"), $$"""
                {
                  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
                  "AllowedHosts": "*",
                  "Database": { "Host": "db{{i}}.internal", "Port": 5432, "Name": "orders", "User": "app", {{secret}} },
                  "Features": { "NewCheckout": true, "MaxItems": 50, "Regions": [ "eu-west-1", "us-east-1" ] },
                  "Api": { "BaseUrl": "https://api.example.com/v2", "TimeoutSeconds": 30, "ClientId": "orders-{{i}}" }
                }
                """);
        }
    }

    private static bool HasPlaintext(int index, int files) => index % 1000 == 999 || index == files - 1;

    private static void Log(string message) => Console.Error.WriteLine(message);

    /// <summary>Runs the tool with <c>dotnet exec</c> and times the whole process.</summary>
    private sealed class ToolRunner(string toolDll, string localKey)
    {
        public Samples Repeat(int repetitions, Action? prepare, string[] arguments, string? stdin, int expectedExit, int? expectedStdoutLines = null)
        {
            var times = new List<double>();
            for (var i = 0; i < repetitions + 1; i++)
            {
                prepare?.Invoke();
                var elapsed = RunOnce(arguments, stdin, expectedExit, expectedStdoutLines);
                if (i > 0)
                {
                    times.Add(elapsed); // the first run warms the OS file cache
                }
            }

            return Samples.Of(times);
        }

        private double RunOnce(string[] arguments, string? stdin, int expectedExit, int? expectedStdoutLines)
        {
            var start = new ProcessStartInfo("dotnet", ["exec", toolDll, .. arguments])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["KMSCONFIG_LOCAL_KEY_" + LocalKeyName.ToUpperInvariant()] = localKey;
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            stopwatch.Stop();
            if (process.ExitCode != expectedExit)
            {
                throw new InvalidOperationException($"kms-encrypt {string.Join(' ', arguments.Take(1))} exited with {process.ExitCode}, expected {expectedExit}: {stderr.Result}");
            }

            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            if (expectedStdoutLines is { } expected && lines != expected)
            {
                throw new InvalidOperationException($"kms-encrypt {arguments[0]} printed {lines} lines, expected {expected}.");
            }

            return stopwatch.Elapsed.TotalMilliseconds;
        }
    }
}

/// <summary>Part 3 results, written to results/tool.json.</summary>
internal sealed record ToolResults(MachineInfo Machine, List<ToolRow> Rows);

/// <summary>One tool scenario, timed as a whole process.</summary>
internal sealed record ToolRow(string Verb, string Scenario, int Size, Samples Time);
