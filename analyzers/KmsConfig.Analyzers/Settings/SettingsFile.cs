using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KmsConfig.Analyzers.Settings;

/// <summary>A settings file the analyzer sees as an AdditionalFile, parsed once.</summary>
internal sealed class SettingsFile
{
    public SettingsFile(AdditionalText additionalText, SourceText text, SettingsDocument document)
    {
        AdditionalText = additionalText;
        Text = text;
        Document = document;
        FileName = System.IO.Path.GetFileName(additionalText.Path);
    }

    /// <summary>The additional file.</summary>
    public AdditionalText AdditionalText { get; }

    /// <summary>Its text.</summary>
    public SourceText Text { get; }

    /// <summary>Its parsed content.</summary>
    public SettingsDocument Document { get; }

    /// <summary>The file name without directories, as messages show it.</summary>
    public string FileName { get; }

    /// <summary>The location of a value's token in the file.</summary>
    public Location LocationOf(SettingsValue value) => LocationOf(value.Offset, value.Length);

    /// <summary>The location of a span of the file.</summary>
    public Location LocationOf(int offset, int length)
    {
        var start = System.Math.Min(offset, Text.Length);
        var span = new TextSpan(start, System.Math.Min(length, Text.Length - start));
        return Location.Create(AdditionalText.Path, span, Text.Lines.GetLinePositionSpan(span));
    }
}
