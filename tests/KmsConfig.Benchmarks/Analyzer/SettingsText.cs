using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KmsConfig.Benchmarks.Analyzer;

/// <summary>A settings file handed to the analyzers as an AdditionalFile, as the package's build targets do.</summary>
internal sealed class SettingsText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
