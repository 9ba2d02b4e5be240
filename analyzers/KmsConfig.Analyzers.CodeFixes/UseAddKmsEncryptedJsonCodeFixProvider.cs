using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.CodeFixes;

/// <summary>
/// KMS1006 fix: an <c>AddJsonFile</c> call that loads a settings file with <c>kms:</c> values becomes an
/// <c>AddKmsEncryptedJson</c> call with the same arguments (its overloads mirror <c>AddJsonFile</c>'s, parameter names
/// included). Offered only when the project references KmsConfig; the host builder's implicit load has no call to change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAddKmsEncryptedJsonCodeFixProvider))]
[Shared]
public sealed class UseAddKmsEncryptedJsonCodeFixProvider : CodeFixProvider
{
    private const string Title = "Load with AddKmsEncryptedJson";
    private const string AddJsonFile = "AddJsonFile";
    private const string AddKmsEncryptedJson = "AddKmsEncryptedJson";
    private const string JsonExtensions = "JsonConfigurationExtensions";
    private const string KmsExtensions = "KmsEncryptedJsonConfigurationExtensions";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EncryptedFileLoadedAsPlainJson);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || model.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration." + KmsExtensions) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || MethodName(invocation) is not { } name || name.Identifier.ValueText != AddJsonFile)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, cancellationToken => ReplaceAsync(context.Document, invocation, cancellationToken), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || MethodName(invocation) is not { } name)
        {
            return document;
        }

        var renamed = invocation.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, AddKmsEncryptedJson, name.Identifier.TrailingTrivia)));

        // JsonConfigurationExtensions.AddJsonFile(builder, ...): the static form names the class too.
        if (renamed.Expression is MemberAccessExpressionSyntax { Expression: var receiver } member && ClassName(receiver) is { } type)
        {
            renamed = renamed.WithExpression(member.ReplaceNode(type, type.WithIdentifier(SyntaxFactory.Identifier(type.Identifier.LeadingTrivia, KmsExtensions, type.Identifier.TrailingTrivia))));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(invocation, renamed));
    }

    private static SimpleNameSyntax? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };

    // The identifier naming JsonConfigurationExtensions in JsonConfigurationExtensions.AddJsonFile or
    // Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonFile, which is in the same namespace as KmsConfig's.
    private static IdentifierNameSyntax? ClassName(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax { Identifier.ValueText: JsonExtensions } identifier => identifier,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: JsonExtensions } identifier } => identifier,
        _ => null,
    };
}
