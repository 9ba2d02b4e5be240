using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KmsConfig.SecretRules;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>check PATH...</c>: the CI and pre-commit gate. Scans settings files with the same secret rules as the analyzer
/// (compiled from the same source files) and fails when a plaintext secret is found.
/// </summary>
internal static class CheckCommand
{
    public const string TextFormat = "text";
    public const string JsonFormat = "json";

    /// <summary>The files a directory contributes, matched ignoring case, as the analyzer's build props do.</summary>
    public const string SettingsPattern = "appsettings*.json";

    /// <summary>
    /// The severity printed with every finding: the analyzer reports KMS1003, KMS1004, KMS1007 and KMS1008 as warnings
    /// by default (analyzers/docs), so CI shows the same finding with the same severity as the build.
    /// </summary>
    public const string Severity = "warning";

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", ".git", ".vs" };

    // An unreadable directory is reported, never skipped silently: a gate that did not look must not pass.
    // Names are matched ignoring case on every OS: the analyzer does (SettingsFiles.IsSettingsFileName), and so does
    // ASP.NET Core on a case-insensitive file system, so AppSettings.Development.json is a settings file on Linux too.
    private static readonly EnumerationOptions FileOptions = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        MatchType = MatchType.Win32,
        MatchCasing = MatchCasing.CaseInsensitive,
    };

    // Symbolic links to directories are not followed: a link back up the tree would scan the same files again and again.
    private static readonly EnumerationOptions DirectoryOptions = new() { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };

    public static readonly Argument<string[]> PathsArgument = CommonOptions.NonEmptyPath(new Argument<string[]>("PATH")
    {
        Description = "Settings files (whatever their name), or directories to search for appsettings*.json in any case (bin, obj and node_modules are skipped).",
        Arity = ArgumentArity.OneOrMore,
    });

    public static readonly Option<string> FormatOption = CreateFormatOption();

    public static readonly Command Command = new("check", "Fails (exit 1) when settings files hold plaintext secrets; prints 'file(line,col): warning ID: message' lines, or JSON with --format json.")
    {
        PathsArgument,
        FormatOption,
    };

    public static Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var unreadable = 0;
        foreach (var path in parseResult.GetRequiredValue(PathsArgument))
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                FindSettingsFiles(path, files, (directory, ex) =>
                {
                    context.Error.WriteLine(Messages.CannotSearch(directory, Messages.Describe(ex)));
                    unreadable++;
                });
            }
            else
            {
                throw new ToolException(ExitCodes.Usage, Messages.CheckPathNotFound(path));
            }
        }

        if (files.Count == 0 && unreadable == 0)
        {
            throw new ToolException(ExitCodes.Usage, Messages.CheckFoundNoFiles);
        }

        var findings = new List<(string File, SettingsFinding Finding)>();
        var read = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine(Messages.CannotRead(file, Messages.Describe(ex)));
                unreadable++;
                continue;
            }

            read++;
            findings.AddRange(SettingsScanner.Scan(text).Select(f => (file, f)));
        }

        context.Output.Write(parseResult.GetValue(FormatOption) == JsonFormat ? ToJson(findings) : ToText(findings));
        context.Progress.WriteLine(Messages.Checked(
            read,
            unreadable,
            findings.Count,
            findings.Select(f => f.File).Distinct(StringComparer.Ordinal).Count(),
            findings.Count(f => f.Finding.RuleId == DiagnosticIds.UnparsableSettingsFile)));
        return Task.FromResult(unreadable > 0 ? ExitCodes.FileFailure : findings.Count > 0 ? ExitCodes.Findings : ExitCodes.Success);
    }

    /// <summary>Adds the settings files under <paramref name="directory"/>, in a stable order, and reports each directory that cannot be listed.</summary>
    private static void FindSettingsFiles(string directory, List<string> files, Action<string, Exception> cannotSearch)
    {
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            string[] found;
            string[] children;
            try
            {
                found = Directory.GetFiles(current, SettingsPattern, FileOptions);
                children = Directory.GetDirectories(current, "*", DirectoryOptions);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                cannotSearch(current, ex);
                continue;
            }

            files.AddRange(found.Order(StringComparer.Ordinal));
            foreach (var child in children.Order(StringComparer.Ordinal).Reverse())
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// The canonical MSBuild/compiler line, <c>file(line,col): warning KMS1003: message</c>, which CI problem matchers and
    /// editors turn into annotations.
    /// </summary>
    private static string ToText(IEnumerable<(string File, SettingsFinding Finding)> findings)
    {
        var builder = new StringBuilder();
        foreach (var (file, finding) in findings)
        {
            builder.Append(MessageWriter.OneLine(file)).Append('(').Append(finding.Line).Append(',').Append(finding.Column).Append("): ")
                .Append(Severity).Append(' ').Append(finding.RuleId).Append(": ").Append(MessageWriter.OneLine(finding.Message)).AppendLine();
        }

        return builder.ToString();
    }

    private static string ToJson(IEnumerable<(string File, SettingsFinding Finding)> findings)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var (file, finding) in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                writer.WriteNumber("line", finding.Line);
                writer.WriteNumber("column", finding.Column);
                writer.WriteString("ruleId", finding.RuleId);
                writer.WriteString("severity", Severity);
                writer.WriteString("keyPath", finding.KeyPath);
                writer.WriteString("message", finding.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static Option<string> CreateFormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "text (default): one 'file(line,col): warning ID: message' line per finding; json: an array of findings.",
            DefaultValueFactory = _ => TextFormat,
        };
        option.AcceptOnlyFromAmong(TextFormat, JsonFormat);
        return option;
    }
}
