using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The one value a field or auto-property is ever given in source: <c>_smtp</c> of
/// <c>private readonly IConfigurationSection _smtp = config.GetSection("Smtp");</c>, or of a constructor's
/// <c>_smtp = configuration.GetSection("Smtp");</c>. Only members whose every write lies in their own type's declarations
/// count (readonly or private fields, get-only or privately set auto-properties of a class), and only when that type's
/// source writes them exactly once, with <c>=</c>, <c>??=</c> (a lazy getter's cache) or an initializer, in the syntax
/// tree being analysed.
/// </summary>
internal static class SingleAssignment
{
    // Remembered per member: every read of a field such as _configuration asks, and the answer is a scan of the type.
    private static readonly ConditionalWeakTable<ISymbol, StrongBox<ExpressionSyntax?>> s_written = new ConditionalWeakTable<ISymbol, StrongBox<ExpressionSyntax?>>();

    /// <summary>The operation of the value <paramref name="member"/> is assigned once, or <see langword="null"/>.</summary>
    public static IOperation? ValueOf(ISymbol member, SemanticModel? model)
    {
        // A member of a constructed generic type is declared, and written, by its definition.
        member = member.OriginalDefinition;
        if (model is null || !IsWrittenOnlyByItsType(member))
        {
            return null;
        }

        return OperationInTree(s_written.GetValue(member, m => new StrongBox<ExpressionSyntax?>(WrittenValue(m))).Value, model);
    }

    /// <summary>The operation of a member's declared value, when it lies in the tree <paramref name="model"/> analyses.</summary>
    internal static IOperation? OperationInTree(ExpressionSyntax? value, SemanticModel model)
        // Asking another tree's semantic model would bind that file too; such members stay unknown.
        => value is null || value.SyntaxTree != model.SyntaxTree ? null : model.GetOperation(SectionPaths.WithoutParentheses(value));

    // The one plain value the member's type writes to it, or null when it writes none, several, or not a plain value.
    private static ExpressionSyntax? WrittenValue(ISymbol member)
    {
        var name = member.Name;
        ExpressionSyntax? value = null;
        var writes = 0;
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                // Names are compared, not symbols: a same-named write to something else only makes the member unknown. A
                // write that is not one plain value (ref, out, a deconstruction, compound operators) counts, and resolves
                // to nothing. A lazy _smtp ??= config.GetSection("Smtp") as the only write gives the member that one value.
                ExpressionSyntax? written;
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        when declarator.Identifier.ValueText == name && Declares(declarator, member):
                        written = initializer.Value;
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } declaration
                        when declaration.Identifier.ValueText == name && Declares(declaration, member):
                        written = initializer.Value;
                        break;
                    case AssignmentExpressionSyntax assignment when Names(assignment.Left, name):
                        written = assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)
                            ? (assignment.Left is TupleExpressionSyntax ? null : assignment.Right)
                            : null;
                        break;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && Names(argument.Expression, name):
                    case RefExpressionSyntax refExpression when Names(refExpression.Expression, name):
                        written = null;
                        break;
                    default:
                        continue;
                }

                if (++writes > 1)
                {
                    return null;
                }

                value = written;
            }
        }

        return value;
    }

    // A readonly or private field can only be written by its type (nested types included); a get-only or privately set
    // auto-property likewise, unless a derived type overrides it. A struct can overwrite all its fields at once (this = other;).
    private static bool IsWrittenOnlyByItsType(ISymbol member)
    {
        if (member.ContainingType is not { TypeKind: TypeKind.Class })
        {
            return false;
        }

        return member switch
        {
            IFieldSymbol field => !field.IsConst && (field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private),
            IPropertySymbol property => !property.IsIndexer && !property.IsVirtual && !property.IsAbstract && !property.IsOverride
                                        && (property.SetMethod is null || property.SetMethod.DeclaredAccessibility == Accessibility.Private)
                                        && IsAutoProperty(property),
            _ => false,
        };
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return property.DeclaringSyntaxReferences.Length > 0;
    }

    private static bool Declares(SyntaxNode declaration, ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
            {
                return true;
            }
        }

        // Another member's (or a local's) initializer of the same name: not a write of this member.
        return false;
    }

    // _smtp, this._smtp, other._smtp, x?._smtp, and the elements of a deconstruction target (_smtp, _x).
    private static bool Names(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == name,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText == name,
        ParenthesizedExpressionSyntax parenthesized => Names(parenthesized.Expression, name),
        TupleExpressionSyntax tuple => System.Linq.Enumerable.Any(tuple.Arguments, argument => Names(argument.Expression, name)),
        _ => false,
    };
}
