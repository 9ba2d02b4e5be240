using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// Works out which configuration section an expression denotes: <c>GetSection</c>/<c>GetRequiredSection</c> chains with
/// constant keys, through locals initialised from such chains, through fields and auto-properties that source assigns
/// once from one (<see cref="SingleAssignment"/>) and through properties whose getter returns one
/// (<see cref="ComputedProperty"/>). Any other <c>IConfiguration</c> (a parameter, field or <c>builder.Configuration</c>)
/// is the root; any other <c>IConfigurationSection</c> is unknown.
/// </summary>
internal static class SectionPaths
{
    // How many steps (a call, a local's or member's value) a path is followed through before it counts as unknown.
    internal const int MaxDepth = 8;

    /// <summary>Resolves the section path of <paramref name="operation"/>; "" is the root; false when unknown.</summary>
    public static bool TryResolve(IOperation? operation, KnownTypes types, out string path)
        => TryResolve(operation, types, use: null, 0, out path);

    /// <summary>
    /// Resolves <paramref name="operation"/> as <see cref="TryResolve(IOperation?, KnownTypes, out string)"/> does, and
    /// also through the parameters of the method it is in, recorded in <paramref name="use"/>: below a configuration
    /// parameter (<c>section.GetSection("Smtp")</c> in <c>AddMail(this IServiceCollection services, IConfiguration section)</c>,
    /// "" for the parameter itself) and with string parameters as keys (placeholder segments, see <see cref="ParameterUse"/>).
    /// </summary>
    public static bool TryResolve(IOperation? operation, KnownTypes types, ParameterUse use, out string path)
        => TryResolve(operation, types, use, 0, out path);

    /// <summary>
    /// The key an argument gives: its constant string, or, when <paramref name="use"/> is given, the placeholder of a
    /// string parameter of the method it is in; null otherwise.
    /// </summary>
    public static string? Key(IOperation? operation, ParameterUse? use)
    {
        if (ConstantString(operation) is { } constant)
        {
            return constant;
        }

        return use is not null && operation is not null && Unwrap(operation) is IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_String } reference
            ? use.TryUseKey(reference.Parameter)
            : null;
    }

    /// <summary>The constant string of an argument or expression, or <see langword="null"/>.</summary>
    public static string? ConstantString(IOperation? operation)
        => operation is not null && operation.ConstantValue.HasValue && operation.ConstantValue.Value is string text ? text : null;

    /// <summary>The receiver of a call, for instance and extension methods alike.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
        => invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>The argument bound to the parameter named <paramref name="name"/>.</summary>
    public static IOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The expression inside any parentheses: C# gives parentheses no operation of their own, so the semantic model has
    /// none for <c>(config.GetSection("Smtp"))</c> but has one for what it encloses.
    /// </summary>
    public static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>The operation that initialised a local, when it was declared with an initializer.</summary>
    public static IOperation? InitializerOf(ILocalReferenceOperation local)
    {
        if (local.SemanticModel is null)
        {
            return null;
        }

        foreach (var reference in local.Local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer }
                && initializer.SyntaxTree == local.SemanticModel.SyntaxTree)
            {
                return local.SemanticModel.GetOperation(WithoutParentheses(initializer.Value));
            }
        }

        return null;
    }

    /// <summary>
    /// The <c>GetChildren()</c> call a <c>foreach</c> over it takes <paramref name="local"/> from, when the local is that
    /// loop's variable in the tree being analysed.
    /// </summary>
    public static IInvocationOperation? ChildrenLoopOf(ILocalReferenceOperation local)
    {
        if (local.SemanticModel is null)
        {
            return null;
        }

        foreach (var reference in local.Local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ForEachStatementSyntax loop && loop.SyntaxTree == local.SemanticModel.SyntaxTree
                && local.SemanticModel.GetOperation(WithoutParentheses(loop.Expression)) is { } collection
                && Unwrap(collection) is IInvocationOperation { TargetMethod.Name: "GetChildren" } children)
            {
                return children;
            }
        }

        return null;
    }

    // From the root (any IConfiguration that is not a known section), or, given a use, also from a configuration
    // parameter of a method written in source and with string parameters as keys, which the use records.
    private static bool TryResolve(IOperation? operation, KnownTypes types, ParameterUse? use, int depth, out string path)
    {
        path = string.Empty;
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        operation = Unwrap(operation);
        switch (operation)
        {
            case IInvocationOperation invocation when IsSectionCall(invocation, types):
                var key = Key(Argument(invocation, "key"), use);
                if (key is null || !TryResolve(Receiver(invocation), types, use, depth + 1, out var parent))
                {
                    return false;
                }

                path = KeyPaths.Combine(parent, key);
                return true;

            case IConditionalAccessInstanceOperation instance when ReceiverOf(instance) is { } receiver:
                // config.GetSection("Smtp")?["Password"]: the instance is the conditional access's receiver.
                return TryResolve(receiver, types, use, depth + 1, out path);

            case ILocalReferenceOperation local:
                if (InitializerOf(local) is { } initializer && TryResolve(initializer, types, use, depth + 1, out path))
                {
                    return true;
                }

                if (ChildrenLoopOf(local) is { } children && TryResolve(Receiver(children), types, use, depth + 1, out var parentPath))
                {
                    // foreach (var tenant in config.GetSection("Tenants").GetChildren()): each child, Tenants:*.
                    path = KeyPaths.Combine(parentPath, KeyPattern.AnySegment);
                    return true;
                }

                return IsRoot(local.Type, types);

            case IParameterReferenceOperation reference when use is not null && types.IsConfiguration(reference.Parameter.Type):
                return use.TryUseConfiguration(reference.Parameter);

            case IFieldReferenceOperation field:
                return TryResolveMember(field.Field, field.SemanticModel, field.Type, types, depth, out path);

            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return TryResolveMember(property.Property, property.SemanticModel, property.Type, types, depth, out path);

            default:
                return IsRoot(operation.Type, types);
        }
    }

    // A field or auto-property that source assigns once, from a GetSection chain, holds that section, and so does a
    // property whose getter returns one; any other one of type IConfiguration is the root, as a parameter is.
    private static bool TryResolveMember(ISymbol member, SemanticModel? model, ITypeSymbol? type, KnownTypes types, int depth, out string path)
    {
        if (types.IsConfiguration(type) && ValueHeldBy(member, model) is { } value
            && TryResolve(value, types, use: null, depth + 1, out path))
        {
            return true;
        }

        path = string.Empty;
        return IsRoot(type, types);
    }

    // Of properties, SingleAssignment answers only for auto-properties and ComputedProperty only for getters with a body,
    // so at most one of them has a value.
    private static IOperation? ValueHeldBy(ISymbol member, SemanticModel? model)
        => SingleAssignment.ValueOf(member, model) ?? (member is IPropertySymbol property ? ComputedProperty.ValueOf(property, model) : null);

    private static IOperation? ReceiverOf(IConditionalAccessInstanceOperation instance)
    {
        for (IOperation child = instance; child.Parent is { } parent; child = parent)
        {
            if (parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == child)
            {
                return conditional.Operation;
            }
        }

        return null;
    }

    private static bool IsRoot(ITypeSymbol? type, KnownTypes types)
        => types.IsConfiguration(type) && !types.IsConfigurationSection(type);

    private static bool IsSectionCall(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "GetSection")
        {
            return types.IsConfiguration(method.ContainingType);
        }

        return method.Name == "GetRequiredSection" && KnownTypes.Is(method.ContainingType, types.ConfigurationExtensions);
    }
}
