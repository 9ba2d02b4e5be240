using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KmsConfig.Analyzers.Settings;

/// <summary>
/// Picks the settings files among the AdditionalFiles: <c>appsettings*.json</c> by name, or any file marked
/// <c>KmsConfigSettings="true"</c>; a file marked <c>KmsConfigIgnore="true"</c> is skipped.
/// </summary>
internal static class SettingsFiles
{
    private const string SettingsMetadata = "build_metadata.AdditionalFiles.KmsConfigSettings";
    private const string IgnoreMetadata = "build_metadata.AdditionalFiles.KmsConfigIgnore";

    // Shared by every analyzer so that a file is parsed once per compilation however many rules read it.
    public static readonly SourceTextValueProvider<SettingsDocument> Documents =
        new SourceTextValueProvider<SettingsDocument>(text => JsonSettingsReader.Read(text.ToString()));

    /// <summary>Whether an additional file is a settings file for the KmsConfig rules.</summary>
    public static bool IsSettingsFile(AdditionalText file, AnalyzerOptions options)
    {
        var metadata = options.AnalyzerConfigOptionsProvider.GetOptions(file);
        if (IsTrue(metadata, IgnoreMetadata))
        {
            return false;
        }

        return IsSettingsFileName(System.IO.Path.GetFileName(file.Path)) || IsTrue(metadata, SettingsMetadata);
    }

    /// <summary>Whether a file name is <c>appsettings.json</c> or <c>appsettings.*.json</c> (any case).</summary>
    public static bool IsSettingsFileName(string fileName)
        => fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
           && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Loads every settings file of the compilation; <paramref name="parse"/> goes through the compilation's shared
    /// cache (<see cref="Documents"/>) so that each file is parsed once however many rules read it.
    /// </summary>
    public static ImmutableArray<SettingsFile> Load(AnalyzerOptions options, Func<SourceText, SettingsDocument> parse, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<SettingsFile>();
        foreach (var file in options.AdditionalFiles)
        {
            if (!IsSettingsFile(file, options))
            {
                continue;
            }

            var text = file.GetText(cancellationToken);
            if (text is not null)
            {
                builder.Add(new SettingsFile(file, text, parse(text)));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Loads one settings file (for additional-file actions), or <see langword="null"/> if it is not one.</summary>
    public static SettingsFile? Load(AdditionalText file, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        if (!IsSettingsFile(file, options))
        {
            return null;
        }

        var text = file.GetText(cancellationToken);
        return text is null ? null : new SettingsFile(file, text, JsonSettingsReader.Read(text.ToString()));
    }

    private static bool IsTrue(AnalyzerConfigOptions options, string key)
        => options.TryGetValue(key, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every string value of the files whose JSON location the secret rules may report, with its verdict.</summary>
    public static List<SecretValue> SecretValues(ImmutableArray<SettingsFile> files)
    {
        var values = new List<SecretValue>();
        foreach (var file in files)
        {
            foreach (var value in file.Document.Values)
            {
                if (value.Kind != SettingsValueKind.String)
                {
                    continue;
                }

                var verdict = SecretClassifier.Classify(file.Document, value);
                if (verdict.IsSecret)
                {
                    values.Add(new SecretValue(file, value, verdict));
                }
            }
        }

        return values;
    }
}
