using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The one expression a property's getter returns: <c>configuration.GetSection("Smtp")</c> of
/// <c>public IConfigurationSection Smtp =&gt; configuration.GetSection("Smtp");</c> or of
/// <c>IConfigurationSection Smtp { get { return configuration.GetSection("Smtp"); } }</c>, or of the lazy
/// <c>public IConfigurationSection Smtp =&gt; _smtp ??= configuration.GetSection("Smtp");</c>. Only properties whose getter
/// is that code on every read count (not virtual, abstract or override, not an indexer, not returning by reference, of a
/// class or struct), and only when the getter lies in the syntax tree being analysed.
/// </summary>
internal static class ComputedProperty
{
    // Remembered per property: every read of a property such as Smtp asks, and a settings class is read from many places.
    private static readonly ConditionalWeakTable<IPropertySymbol, StrongBox<ExpressionSyntax?>> s_returned = new ConditionalWeakTable<IPropertySymbol, StrongBox<ExpressionSyntax?>>();

    /// <summary>The operation <paramref name="property"/>'s getter returns, or <see langword="null"/>.</summary>
    public static IOperation? ValueOf(IPropertySymbol property, SemanticModel? model)
    {
        // A property of a constructed generic type is declared by its definition.
        var definition = property.OriginalDefinition;
        if (model is null || !AlwaysRunsItsOwnGetter(definition))
        {
            return null;
        }

        return SingleAssignment.OperationInTree(s_returned.GetValue(definition, p => new StrongBox<ExpressionSyntax?>(DeclaredValue(p))).Value, model);
    }

    /// <summary>
    /// The expression the getter of <paramref name="declaration"/> returns when the getter is nothing but that return
    /// (<c>=&gt; x</c>, <c>get =&gt; x;</c> or <c>get { return x; }</c>), or <see langword="null"/>. Syntax alone: whether
    /// the property qualifies is <see cref="ValueOf"/>'s question.
    /// </summary>
    public static ExpressionSyntax? ReturnedValue(PropertyDeclarationSyntax declaration) => CachedIn(Returned(declaration));

    // A lazy getter (=> _smtp ??= config.GetSection("Smtp")) returns its cache field, which SingleAssignment resolves when
    // that ??= is the field's only write.
    private static ExpressionSyntax? CachedIn(ExpressionSyntax? returned)
        => returned is AssignmentExpressionSyntax { Left: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } lazy
           && lazy.IsKind(SyntaxKind.CoalesceAssignmentExpression)
            ? lazy.Left
            : returned;

    private static ExpressionSyntax? Returned(PropertyDeclarationSyntax declaration)
    {
        if (declaration.ExpressionBody is { } arrow)
        {
            return arrow.Expression;
        }

        if (declaration.AccessorList is null)
        {
            return null;
        }

        foreach (var accessor in declaration.AccessorList.Accessors)
        {
            if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
            {
                // A setter or init accessor does not change what the getter returns.
                continue;
            }

            return accessor switch
            {
                { ExpressionBody: { } getterArrow } => getterArrow.Expression,
                { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
                _ => null,
            };
        }

        return null;
    }

    // What a read of a virtual, abstract or override property runs depends on the instance's type, so its getter in
    // source says nothing certain; a by-reference result can be written through, so it is no fixed value either.
    private static bool AlwaysRunsItsOwnGetter(IPropertySymbol property)
        => property.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct }
           && !property.IsIndexer && !property.IsVirtual && !property.IsAbstract && !property.IsOverride && !property.IsExtern
           && !property.ReturnsByRef && !property.ReturnsByRefReadonly && property.GetMethod is not null;

    // A partial property is declared in two parts, one without the getter's body; it stays unknown.
    private static ExpressionSyntax? DeclaredValue(IPropertySymbol property)
        => property.DeclaringSyntaxReferences.Length == 1 && property.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax declaration
            ? ReturnedValue(declaration)
            : null;
}
