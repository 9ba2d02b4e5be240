using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The names in one syntax tree that may hold a configuration section with a known path: locals, fields and properties
/// initialised or assigned (with <c>=</c>) a <c>GetSection</c>/<c>GetRequiredSection</c> call, or another such name,
/// and properties whose getter returns one. <see cref="SectionPaths"/> resolves a local, field or property only through
/// a value or getter in the tree being analysed, so a name not in this set never has one. Built from the tree's
/// <see cref="CandidateNodes"/>, once per tree and only when a <c>.Value</c> read asks, so that <c>options.Value</c> of <c>IOptions&lt;T&gt;</c> costs no
/// binding; like the rest of <see cref="CandidateSyntax"/> it only ever says "maybe".
/// </summary>
internal sealed class SectionHolders
{
    private readonly IReadOnlyList<SyntaxNode> _candidates;
    private HashSet<string>? _names;

    public SectionHolders(IReadOnlyList<SyntaxNode> candidates) => _candidates = candidates;

    /// <summary>Whether a local, field or property named <paramref name="name"/> may hold a section with a known path.</summary>
    public bool MayHold(string name) => (_names ??= Collect(_candidates)).Contains(name);

    private static HashSet<string> Collect(IReadOnlyList<SyntaxNode> candidates)
    {
        var values = new List<KeyValuePair<string, ExpressionSyntax>>();
        foreach (var node in candidates)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                    values.Add(new KeyValuePair<string, ExpressionSyntax>(declarator.Identifier.ValueText, initializer.Value));
                    break;
                case PropertyDeclarationSyntax declaration:
                    if (declaration.Initializer is { } propertyInitializer)
                    {
                        values.Add(new KeyValuePair<string, ExpressionSyntax>(declaration.Identifier.ValueText, propertyInitializer.Value));
                    }

                    // Whether the property is virtual is the semantic rules' question; here any getter's return may hold one.
                    if (ComputedProperty.ReturnedValue(declaration) is { } returned)
                    {
                        values.Add(new KeyValuePair<string, ExpressionSyntax>(declaration.Identifier.ValueText, returned));
                    }

                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && NameOf(assignment.Left) is { } name:
                    values.Add(new KeyValuePair<string, ExpressionSyntax>(name, assignment.Right));
                    break;
            }
        }

        // A name may hold a section through another name (_smtp = smtp; where var smtp = config.GetSection("Smtp")), in
        // any order of declaration: repeat until nothing changes. Each pass finds at least the names one more step from a
        // section call, and SectionPaths follows no path longer than its MaxDepth, so passes beyond that cannot find a
        // name it resolves; without the bound, code that aliases names in reverse order took a pass per name.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var passes = 0;
        for (var changed = true; changed && passes++ <= SectionPaths.MaxDepth;)
        {
            changed = false;
            foreach (var value in values)
            {
                if (!names.Contains(value.Key) && MayBeSection(value.Value, names))
                {
                    names.Add(value.Key);
                    changed = true;
                }
            }
        }

        return names;
    }

    // What SectionPaths can resolve to a section: a section call, through conversions and parentheses, or a name that
    // may hold one. Anything else (a parameter, new, ??, a conditional) is the root or unknown.
    private static bool MayBeSection(ExpressionSyntax value, HashSet<string> names) => value switch
    {
        InvocationExpressionSyntax invocation => CandidateSyntax.InvokedName(invocation) is "GetSection" or "GetRequiredSection",
        ParenthesizedExpressionSyntax parenthesized => MayBeSection(parenthesized.Expression, names),
        CastExpressionSyntax cast => MayBeSection(cast.Expression, names),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression) => MayBeSection(binary.Left, names),
        PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression) => MayBeSection(suppressed.Operand, names),
        _ => NameOf(value) is { } name && names.Contains(name),
    };

    // _smtp, this._smtp, x?._smtp, (_smtp): the member a write or a read names.
    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        ParenthesizedExpressionSyntax parenthesized => NameOf(parenthesized.Expression),
        _ => null,
    };
}
