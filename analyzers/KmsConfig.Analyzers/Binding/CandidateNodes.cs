using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The nodes of a syntax tree that any C# rule may look at (calls, <c>new</c>, indexers, <c>.Value</c>, assignments and <c>??=</c>,
/// initialised variables and fields, property declarations), in document order, collected by one walk that the rules share. Walking a tree
/// is most of what a rule costs on code that reads no secret, so three rules walking it each would triple that.
/// </summary>
internal static class CandidateNodes
{
    // Keyed by the tree, so an edited document (a new tree) gets a new walk and an old one goes with its tree.
    private static readonly ConditionalWeakTable<SyntaxTree, List<SyntaxNode>> s_byTree = new ConditionalWeakTable<SyntaxTree, List<SyntaxNode>>();

    // Two rules may walk the same tree at once; the first list stored wins, and both lists are equal.
    public static IReadOnlyList<SyntaxNode> Of(SyntaxTree tree, CancellationToken cancellationToken)
        => s_byTree.GetValue(tree, t => Collect(t.GetRoot(cancellationToken)));

    private static List<SyntaxNode> Collect(SyntaxNode root)
    {
        var nodes = new List<SyntaxNode>();
        foreach (var node in root.DescendantNodes())
        {
            switch (node.Kind())
            {
                case SyntaxKind.InvocationExpression:
                case SyntaxKind.ElementAccessExpression:
                case SyntaxKind.ElementBindingExpression:
                case SyntaxKind.ObjectCreationExpression:
                case SyntaxKind.ImplicitObjectCreationExpression:
                case SyntaxKind.SimpleAssignmentExpression:
                case SyntaxKind.CoalesceAssignmentExpression:
                case SyntaxKind.SimpleMemberAccessExpression when ((MemberAccessExpressionSyntax)node).Name.Identifier.ValueText == "Value":
                case SyntaxKind.MemberBindingExpression when ((MemberBindingExpressionSyntax)node).Name.Identifier.ValueText == "Value":
                case SyntaxKind.VariableDeclarator when ((VariableDeclaratorSyntax)node).Initializer is not null:
                case SyntaxKind.PropertyDeclaration:
                    nodes.Add(node);
                    break;
            }
        }

        return nodes;
    }
}
