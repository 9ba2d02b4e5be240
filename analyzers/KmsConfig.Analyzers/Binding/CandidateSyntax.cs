using System.Collections.Generic;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// Cheap syntactic pre-checks that decide whether a node is worth a semantic look. Asking the semantic model about any
/// node binds (and, with nullable enabled, flow-analyses) the whole member around it a second time, on top of the
/// compiler's own binding; registering operation actions does that for every member of the compilation. Looking at the
/// syntax first keeps that cost to the members that read configuration or hold a secret-looking literal. Every check
/// here only ever says "maybe": it must never reject a node the semantic rules would report.
/// </summary>
internal static class CandidateSyntax
{
    /// <summary>The simple name of the method an invocation calls (<c>Bind</c> of <c>x.Bind&lt;T&gt;(...)</c>), or null.</summary>
    public static string? InvokedName(InvocationExpressionSyntax invocation) => InvokedNameSyntax(invocation)?.Identifier.ValueText;

    /// <summary>The simple name of the type a <c>new</c> expression creates (<c>Client</c> of <c>new Sdk.Client&lt;T&gt;(...)</c>), or null.</summary>
    public static string? CreatedTypeName(ObjectCreationExpressionSyntax creation) => creation.Type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// Whether the node may read configuration: a read method by name, an indexer, or a <c>.Value</c> of something that
    /// may be a section with a known path (<paramref name="sections"/> holds the names of the tree that may).
    /// </summary>
    public static bool MayReadConfiguration(SyntaxNode node, SectionHolders sections) => node switch
    {
        InvocationExpressionSyntax invocation => InvokedName(invocation) is
            "Bind" or "Get" or "GetValue" or "BindConfiguration" or "Configure" or "GetConnectionString" or "AsEnumerable" or "GetChildren",
        ElementAccessExpressionSyntax access => IsKeyLike(access.ArgumentList),
        ElementBindingExpressionSyntax binding => IsKeyLike(binding.ArgumentList),
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "Value" && !IsInvoked(member) && MayBeSection(member.Expression, sections),
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText == "Value" && !IsInvoked(binding),
        _ => false,
    };

    /// <summary>
    /// Whether a generic call may be a settings helper of another assembly (<c>services.AddValidatedOptions&lt;SmtpOptions&gt;("Smtp")</c>):
    /// it is handed a string literal or a section chain, or is named for settings and handed something (a constant
    /// such as <c>SmtpOptions.SectionName</c>, or a configuration below which a parameter's default names the section).
    /// A call with no arguments (<c>services.AddOptions&lt;T&gt;()</c>, as common as it gets) is not worth binding for,
    /// unless it is called on a section chain.
    /// </summary>
    public static bool MayCallSettingsHelper(InvocationExpressionSyntax invocation)
    {
        if (!IsGenericCallOfOneType(invocation))
        {
            return false;
        }

        if (invocation.ArgumentList.Arguments.Count == 0)
        {
            // config.GetSection("Smtp").BindOptions<SmtpOptions>(): an extension of the section it is called on.
            return invocation.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax receiver }
                   && InvokedName(receiver) is "GetSection" or "GetRequiredSection";
        }

        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return true;
            }

            if (argument.Expression is InvocationExpressionSyntax call && InvokedName(call) is "GetSection" or "GetRequiredSection")
            {
                return true;
            }
        }

        return IsNamedForSettings(InvokedName(invocation)!);
    }

    /// <summary>
    /// Whether a method's name speaks of settings (<c>BindOptions</c>, <c>AddAppSettings</c>, <c>RegisterConfig</c>), so
    /// that a section handed to it is taken to be bound (see <c>BindingFinder</c>'s settings helpers).
    /// </summary>
    public static bool IsNamedForSettings(string methodName)
        => methodName.IndexOf("Option", System.StringComparison.OrdinalIgnoreCase) >= 0
           || methodName.IndexOf("Setting", System.StringComparison.OrdinalIgnoreCase) >= 0
           || methodName.IndexOf("Config", System.StringComparison.OrdinalIgnoreCase) >= 0
           || methodName.IndexOf("Bind", System.StringComparison.OrdinalIgnoreCase) >= 0;

    private static SimpleNameSyntax? InvokedNameSyntax(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        SimpleNameSyntax name => name,
        _ => null,
    };

    private static bool IsGenericCallOfOneType(InvocationExpressionSyntax invocation)
        => InvokedNameSyntax(invocation) is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 };

    /// <summary>
    /// Whether a call or <c>new</c> may hand a configuration section to a method or constructor
    /// (<c>services.AddMail(config.GetSection("Smtp"))</c>, <c>AddMail(smtp)</c> with <c>smtp</c> holding one,
    /// <c>new MailClient(config.GetRequiredSection("Smtp"))</c>): an argument is a <c>GetSection</c> or
    /// <c>GetRequiredSection</c> chain, or names a local or member that may hold a section.
    /// </summary>
    public static bool MayPassSection(SyntaxNode node, SectionHolders sections)
    {
        var arguments = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        if (arguments is null)
        {
            return false;
        }

        foreach (var argument in arguments.Arguments)
        {
            var expression = argument.Expression;
            while (expression is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member)
            {
                if (InvokedName(call) is "GetSection" or "GetRequiredSection")
                {
                    return true;
                }

                expression = member.Expression;
            }

            if (argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax && MayBeSection(argument.Expression, sections))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The string literals a configuration read uses as keys along its receivers and configuration arguments:
    /// <c>"A"</c> and <c>"B:C"</c> of <c>config.GetSection("A")["B:C"]</c>, <c>"A"</c> of
    /// <c>services.Configure&lt;T&gt;(config.GetSection("A"))</c>. Each is a run of segments of the path the read
    /// resolves to, if it resolves at all (a key that is not a constant makes the path unknown). Options names,
    /// default values and lambdas are not keys and are not looked at.
    /// </summary>
    public static List<string> KeyLiterals(SyntaxNode read)
    {
        var keys = new List<string>();
        var pending = new Stack<SyntaxNode>();
        pending.Push(read);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case InvocationExpressionSyntax invocation:
                    if (TakesKey(InvokedName(invocation))
                        && LeadingStringLiteral(invocation.ArgumentList) is { } key)
                    {
                        keys.Add(key);
                    }

                    pending.Push(invocation.Expression);
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        if (argument.Expression is not (AnonymousFunctionExpressionSyntax or LiteralExpressionSyntax))
                        {
                            pending.Push(argument.Expression);
                        }
                    }

                    break;
                case ElementAccessExpressionSyntax access:
                    AddIndexerKey(access.ArgumentList, keys);
                    pending.Push(access.Expression);
                    break;
                case ElementBindingExpressionSyntax binding:
                    AddIndexerKey(binding.ArgumentList, keys);
                    PushConditionalReceiver(binding, pending);
                    break;
                case MemberBindingExpressionSyntax binding:
                    PushConditionalReceiver(binding, pending);
                    break;
                case MemberAccessExpressionSyntax member:
                    pending.Push(member.Expression);
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    pending.Push(parenthesized.Expression);
                    break;
                case CastExpressionSyntax cast:
                    pending.Push(cast.Expression);
                    break;
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    pending.Push(suppressed.Operand);
                    break;
                case ConditionalAccessExpressionSyntax conditional:
                    pending.Push(conditional.Expression);
                    pending.Push(conditional.WhenNotNull);
                    break;
            }
        }

        return keys;
    }

    // section.Value has a known path only when the section is a GetSection chain, a local, field or property the tree
    // gives such a value, or a property of the tree whose getter returns one; a parameter (options.Value of IOptions<T>,
    // the common case) never has one, so it is not worth binding for.
    private static bool MayBeSection(ExpressionSyntax expression, SectionHolders sections) => expression switch
    {
        InvocationExpressionSyntax or ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax or ConditionalAccessExpressionSyntax => true,
        IdentifierNameSyntax identifier => sections.MayHold(identifier.Identifier.ValueText),
        MemberAccessExpressionSyntax member => sections.MayHold(member.Name.Identifier.ValueText),
        _ => false,
    };

    /// <summary>
    /// Whether a call of this name takes a configuration key, section path or connection-string name where a string goes
    /// (<c>GetSection("Smtp")</c>, <c>GetValue&lt;T&gt;("Smtp:Port")</c>, <c>Bind("Smtp", o)</c>): a literal there is a key,
    /// never a secret.
    /// </summary>
    public static bool TakesKey(string? invokedName) => invokedName is
        "GetSection" or "GetRequiredSection" or "GetValue" or "BindConfiguration" or "GetConnectionString" or "Bind";

    /// <summary>Whether the invocation is one of the calls that load settings files or create a host builder.</summary>
    public static bool MayLoadSettingsFile(InvocationExpressionSyntax invocation) => InvokedName(invocation) is
        "AddJsonFile" or "AddKmsEncryptedJson" or "AddKmsDecryption"
        or "CreateBuilder" or "CreateSlimBuilder" or "CreateDefaultBuilder" or "CreateApplicationBuilder";

    /// <summary>
    /// Whether some argument may be a hard-coded secret: a string literal that may be a secret for some parameter or
    /// has a credential shape, or a concatenation or interpolation that contains a string literal (its constant value is
    /// only known to the semantic model).
    /// </summary>
    public static bool MayPassSecret(BaseArgumentListSyntax? arguments, bool parametersAreKeys)
    {
        if (arguments is null)
        {
            return false;
        }

        foreach (var argument in arguments.Arguments)
        {
            var expression = argument.Expression;
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                // C# has no parenthesized operation: ("...") is the literal itself to the semantic rules.
                expression = parenthesized.Expression;
            }

            switch (expression)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    var text = literal.Token.ValueText;
                    var keyOnly = parametersAreKeys
                                  || (argument.NameColon is { } name && !SecretKeyNames.MayBeSecretName(name.Name.Identifier.ValueText));
                    if (keyOnly ? HasCredentialShape(text) : MayBeSecretValue(text))
                    {
                        return true;
                    }

                    break;
                case InterpolatedStringExpressionSyntax or BinaryExpressionSyntax when ContainsStringLiteral(expression):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, assigned to or initialising the member named <paramref name="name"/>, may be a
    /// constant secret: a literal that may be one, or a constant expression (a concatenation, or a reference to a
    /// constant) when the name may be a secret's, or a <c>??</c> or <c>?:</c> that may choose such a literal.
    /// </summary>
    public static bool MayAssignSecret(string name, ExpressionSyntax value) => value switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression) && MayBeSecretValue(literal.Token.ValueText),
        InterpolatedStringExpressionSyntax or BinaryExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax
            => ContainsStringLiteral(value) || SecretKeyNames.MayBeSecretName(name),
        IdentifierNameSyntax or MemberAccessExpressionSyntax => SecretKeyNames.MayBeSecretName(name),
        _ => false,
    };

    /// <summary>The simple name an assignment writes (<c>Password</c> of <c>o.Password = ...</c>), or the indexer's key.</summary>
    public static string AssignedName(ExpressionSyntax target) => target switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } access
            when access.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax key => key.Token.ValueText,
        _ => string.Empty,
    };

    /// <summary>
    /// The member a list of new objects is assigned to, when <paramref name="assignment"/> sits in the initializer of one
    /// of its elements: <c>ClientSecrets</c> for <c>ClientSecrets = [new Secret { Value = "..." }]</c> (also
    /// <c>new[] { ... }</c>, <c>new List&lt;T&gt; { ... }</c>, a nested <c>{ ... }</c>, or a field or property
    /// initializer); otherwise null.
    /// </summary>
    public static string? ListHolding(AssignmentExpressionSyntax assignment)
    {
        if (assignment.Parent is not InitializerExpressionSyntax initializer || !initializer.IsKind(SyntaxKind.ObjectInitializerExpression)
            || initializer.Parent is not BaseObjectCreationExpressionSyntax element)
        {
            return null;
        }

        SyntaxNode? list = element.Parent switch
        {
            ExpressionElementSyntax expressionElement => expressionElement.Parent?.Parent,
            InitializerExpressionSyntax elements when elements.IsKind(SyntaxKind.ArrayInitializerExpression) || elements.IsKind(SyntaxKind.CollectionInitializerExpression)
                => elements.Parent is AssignmentExpressionSyntax ? elements.Parent : elements.Parent?.Parent,
            _ => null,
        };
        return list switch
        {
            AssignmentExpressionSyntax holder => AssignedName(holder.Left) is { Length: > 0 } name ? name : null,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax variable } => variable.Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>
    /// Whether a literal's text may be a secret under some secret-like name, or has a credential shape: a superset of
    /// what <see cref="SecretClassifier"/> reports for any key.
    /// </summary>
    public static bool MayBeSecretValue(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 4 || EncryptedValueFormat.IsEncrypted(trimmed))
        {
            return false;
        }

        return !NonSecretValues.IsNotASecret(trimmed) || NonSecretValues.IsDigitsPassword(trimmed) || HasCredentialShape(text);
    }

    private static bool HasCredentialShape(string text)
    {
        try
        {
            return CredentialPatterns.FindShape(text) is not null;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // The key of config.GetSection("k"), GetValue<T>("k", "default"), Bind("k", o), BindConfiguration("p"): a literal first
    // argument, unnamed or named after the key parameter. Other shapes (static calls, GetValue(typeof(T), "k")) are left
    // to the semantic model: a literal there may be a default value rather than the key.
    private static string? LeadingStringLiteral(ArgumentListSyntax arguments)
    {
        if (arguments.Arguments.Count == 0
            || arguments.Arguments[0] is not { Expression: LiteralExpressionSyntax literal } first
            || !literal.IsKind(SyntaxKind.StringLiteralExpression)
            || (first.NameColon is { } name && name.Name.Identifier.ValueText is not ("key" or "name" or "configSectionPath")))
        {
            return null;
        }

        return literal.Token.ValueText;
    }

    /// <summary>
    /// The string literals a settings helper's call is handed (<c>"Smtp"</c> of <c>AddValidatedOptions&lt;T&gt;("Smtp")</c>):
    /// its section name or key, if it is a helper at all, so a literal that reaches no secret makes the call not worth a
    /// look (<c>AddHttpClient&lt;T&gt;("github")</c>).
    /// </summary>
    public static List<string> HelperKeyLiterals(InvocationExpressionSyntax invocation)
    {
        var keys = KeyLiterals(invocation);
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                keys.Add(literal.Token.ValueText);
            }
        }

        return keys;
    }

    private static void AddIndexerKey(BracketedArgumentListSyntax arguments, List<string> keys)
    {
        if (arguments.Arguments.Count == 1 && arguments.Arguments[0].Expression is LiteralExpressionSyntax literal
            && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            keys.Add(literal.Token.ValueText);
        }
    }

    // a?.b["x"]: the receiver of a member or element binding is the expression of the conditional access around it.
    private static void PushConditionalReceiver(SyntaxNode binding, Stack<SyntaxNode> pending)
    {
        for (var node = binding.Parent; node is not null; node = node.Parent)
        {
            if (node is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull.Span.Contains(binding.Span))
            {
                pending.Push(conditional.Expression);
                return;
            }
        }
    }

    private static bool ContainsStringLiteral(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken)
                || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
                || token.IsKind(SyntaxKind.Utf8StringLiteralToken))
            {
                return true;
            }
        }

        return false;
    }

    // config["Db:Password"], dictionary["x"], settings[name]: one argument that is not a number (arrays and lists).
    private static bool IsKeyLike(BracketedArgumentListSyntax arguments)
        => arguments.Arguments.Count == 1 && !arguments.Arguments[0].Expression.IsKind(SyntaxKind.NumericLiteralExpression);

    private static bool IsInvoked(ExpressionSyntax expression)
        => expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;
}
