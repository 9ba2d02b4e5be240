using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KmsConfig.Analyzers.Binding;

/// <summary>Where a diagnostic about a call or an indexer read is reported.</summary>
internal static class CallLocation
{
    /// <summary>
    /// The whole call, unless its receiver starts on another line: a chain spread over lines
    /// (<c>services.AddOptions&lt;T&gt;()</c> then <c>.Bind(section)</c> on the next) is reported from the called name (or,
    /// for an indexer, its brackets) to the end, so the warning sits on the line that reads the key rather than on the
    /// chain's first line, which may be another call.
    /// </summary>
    public static Location Of(SyntaxNode node)
    {
        var start = node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.SpanStart,
            InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.SpanStart,
            ElementAccessExpressionSyntax access => access.ArgumentList.SpanStart,
            ElementBindingExpressionSyntax binding => binding.ArgumentList.SpanStart,
            _ => node.SpanStart,
        };
        var text = node.SyntaxTree.GetText();
        return text.Lines.GetLineFromPosition(start).LineNumber == text.Lines.GetLineFromPosition(node.SpanStart).LineNumber
            ? node.GetLocation()
            : Location.Create(node.SyntaxTree, TextSpan.FromBounds(start, node.Span.End));
    }
}
