using System;
using System.Collections.Immutable;
using KmsConfig.Analyzers.Binding;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1005: C# that hard-codes a secret into configuration: entries of <c>AddInMemoryCollection</c>,
/// <c>config["Db:Password"] = "..."</c>, <c>Environment.SetEnvironmentVariable("Db__Password", "...")</c>, literals
/// assigned to secret-named properties (options callbacks, initializers), fields and local constants initialised with a
/// secret, literals passed to secret-named parameters (<c>new NetworkCredential(user, "...")</c>), literals with a
/// credential shape passed to any call (<c>UseSqlServer("...;Password=...")</c>), and symmetric signing keys built from a literal
/// (<c>new HMACSHA256(Convert.FromHexString("..."))</c>, <c>HMACSHA256.HashData(key, data)</c>).
/// Uses the same secret rules as the settings files.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HardCodedSecretInConfigurationCode);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Resolve(start.Compilation);
            start.RegisterSemanticModelAction(c => OnSemanticModel(c, types));
        });
    }

    // The candidate nodes of each tree (one walk shared by the rules, CandidateNodes); each handler asks the semantic
    // model only about nodes whose syntax may hold a secret, because the semantic model binds the whole member around
    // any node it is asked about (see CandidateSyntax).
    private static void OnSemanticModel(SemanticModelAnalysisContext context, KnownTypes types)
    {
        foreach (var node in CandidateNodes.Of(context.SemanticModel.SyntaxTree, context.CancellationToken))
        {
            switch (node.Kind())
            {
                case SyntaxKind.InvocationExpression:
                    OnInvocation(context, (InvocationExpressionSyntax)node, types);
                    break;
                case SyntaxKind.ObjectCreationExpression or SyntaxKind.ImplicitObjectCreationExpression:
                    OnObjectCreation(context, (BaseObjectCreationExpressionSyntax)node);
                    break;
                case SyntaxKind.SimpleAssignmentExpression or SyntaxKind.CoalesceAssignmentExpression:
                    OnAssignment(context, (AssignmentExpressionSyntax)node, types);
                    break;
                case SyntaxKind.VariableDeclarator or SyntaxKind.PropertyDeclaration:
                    OnFieldInitializer(context, node);
                    break;
            }
        }
    }

    // Looked at only for calls named UseSetting, so matched by name and namespace here rather than resolved up front
    // for every compilation.
    private static bool IsWebHostBuilder(INamedTypeSymbol type)
    {
        if (IsWebHostBuilderInterface(type))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsWebHostBuilderInterface(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWebHostBuilderInterface(INamedTypeSymbol type)
        => type.Name == "IWebHostBuilder" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Hosting";

    private static void OnInvocation(SemanticModelAnalysisContext context, InvocationExpressionSyntax syntax, KnownTypes types)
    {
        var name = CandidateSyntax.InvokedName(syntax);
        if (name is "HashData" or "HashDataAsync" or "TryHashData"
            && context.SemanticModel.GetOperation(syntax, context.CancellationToken) is IInvocationOperation { TargetMethod: { IsStatic: true } hash } hashing
            && IsSigningKeyType(hash.ContainingType.Name) && SectionPaths.Argument(hashing, "key") is { } hashKey && KeyText(hashKey) is { } hashKeyText)
        {
            // HMACSHA256.HashData(Convert.FromHexString("..."), data): the key is handed to each call.
            ReportSigningKey(context, hashKeyText, hash.ContainingType.Name, hash.ContainingType.Name + "." + hash.Name);
            return;
        }

        var maySetConfiguration = name is "SetEnvironmentVariable" or "AddInMemoryCollection" or "UseSetting";

        // Configuration reads take keys, names and paths, never secrets; only a credential-shaped literal counts there.
        if ((!maySetConfiguration && !CandidateSyntax.MayPassSecret(syntax.ArgumentList, CandidateSyntax.TakesKey(name)))
            || context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation invocation)
        {
            return;
        }

        var method = invocation.TargetMethod;
        if (method.Name == "SetEnvironmentVariable" && method.ContainingType.SpecialType == SpecialType.None
            && method.ContainingType.ToDisplayString() == "System.Environment" && invocation.Arguments.Length >= 2
            && SectionPaths.ConstantString(invocation.Arguments[0].Value) is { } variable)
        {
            // Environment variables feed configuration with "__" as the section separator.
            Report(context, variable.Replace("__", ":"), invocation.Arguments[1].Value);
            return;
        }

        if (method.Name == "UseSetting" && IsWebHostBuilder(method.ContainingType) && invocation.Arguments.Length == 2
            && SectionPaths.ConstantString(invocation.Arguments[0].Value) is { } setting)
        {
            // webHost.UseSetting("Smtp:Password", "..."), as WebApplicationFactory tests configure the app under test, and
            // builder.WebHost.UseSetting(...), whose ConfigureWebHostBuilder declares the method itself.
            Report(context, setting, invocation.Arguments[1].Value);
            return;
        }

        if (method.Name != "AddInMemoryCollection" || !KnownTypes.Is(method.ContainingType, types.MemoryConfigurationBuilderExtensions))
        {
            // Collection-initializer Add calls are entries, reported with their dictionary.
            if (!invocation.IsImplicit)
            {
                ReportSecretArguments(context, invocation.Arguments);
            }

            return;
        }

        var data = SectionPaths.Argument(invocation, "initialData");
        if (data is null)
        {
            return;
        }

        data = SectionPaths.Unwrap(data);
        if (data is ILocalReferenceOperation local && SectionPaths.InitializerOf(local) is { } initializer)
        {
            data = SectionPaths.Unwrap(initializer);
        }

        foreach (var (key, value) in Entries(data))
        {
            Report(context, key, value);
        }
    }

    private static void OnObjectCreation(SemanticModelAnalysisContext context, BaseObjectCreationExpressionSyntax syntax)
    {
        var mayBuildKey = syntax.ArgumentList is { Arguments.Count: 1 } arguments
                          && arguments.Arguments[0].Expression is InvocationExpressionSyntax argument
                          && CandidateSyntax.InvokedName(argument) is "GetBytes" or "FromBase64String" or "FromHexString" or "ToArray";
        if ((!mayBuildKey && !CandidateSyntax.MayPassSecret(syntax.ArgumentList, parametersAreKeys: false))
            || context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IObjectCreationOperation creation)
        {
            return;
        }

        if (creation.Type?.Name == "KeyValuePair")
        {
            // KeyValuePair entries are reported with the AddInMemoryCollection they feed.
            return;
        }

        if (creation.Type is { } type && IsSigningKeyType(type.Name) && creation.Arguments.Length == 1 && KeyText(creation.Arguments[0].Value) is { } key)
        {
            // new SymmetricSecurityKey(Encoding.UTF8.GetBytes("...")), new HMACSHA256(Convert.FromHexString("...")).
            ReportSigningKey(context, key, type.Name, type.Name);
            return;
        }

        ReportSecretArguments(context, creation.Arguments);
    }

    // SymmetricSecurityKey (Microsoft.IdentityModel.Tokens) and the HMACs of System.Security.Cryptography (HMACSHA256,
    // HMACSHA3_256, HMACMD5, ...): types whose key signs.
    private static bool IsSigningKeyType(string name)
        => name == "SymmetricSecurityKey" || name.StartsWith("HMAC", StringComparison.Ordinal);

    // The text a signing key's bytes are made from, and the operation that holds it: a literal or constant converted by
    // Encoding.*.GetBytes, Convert.FromBase64String or Convert.FromHexString, or a UTF-8 literal ("..."u8, "..."u8.ToArray()).
    private static (IOperation Holder, string Text)? KeyText(IOperation key)
    {
        switch (SectionPaths.Unwrap(key))
        {
            case IInvocationOperation { TargetMethod.Name: "GetBytes" or "FromBase64String" or "FromHexString", Arguments.Length: 1 } toBytes
                when SectionPaths.ConstantString(toBytes.Arguments[0].Value) is { } text:
                return (toBytes.Arguments[0].Value, text);
            case IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0, Instance: { } span }
                when SectionPaths.Unwrap(span) is IUtf8StringOperation utf8:
                return (utf8, utf8.Value);
            case IUtf8StringOperation utf8:
                return (utf8, utf8.Value);
            default:
                return null;
        }
    }

    // The key in the source is reported unless it is a stand-in, as Jwt:SigningKey would be in a settings file
    // ("this-is-a-local-development-signing-key-only", a zero filler), or a constant already reported at its literal.
    private static void ReportSigningKey(SemanticModelAnalysisContext context, (IOperation Holder, string Text) key, string typeName, string target)
    {
        if (SecretClassifier.Classify(typeName + ":SigningKey", key.Text).IsSecret
            && !IsReportedAtItsDeclaration(SectionPaths.Unwrap(key.Holder), key.Text))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecretInConfigurationCode, key.Holder.Syntax.GetLocation(), target));
        }
    }

    // private const string ApiKey = "..."; public string ClientSecret { get; set; } = "..."; and a local constant, in a
    // method or in top-level statements (const string DefaultUnsubscribeSecret = "..."), which is a field by another name.
    private static void OnFieldInitializer(SemanticModelAnalysisContext context, SyntaxNode node)
    {
        var (name, value) = node switch
        {
            VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax, Initializer: { } field } declarator => (declarator.Identifier.ValueText, field),
            VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax { IsConst: true }, Initializer: { } local } declarator
                => (declarator.Identifier.ValueText, local),
            PropertyDeclarationSyntax { Initializer: { } property } declaration => (declaration.Identifier.ValueText, property),
            _ => (string.Empty, null),
        };
        if (value is null || !CandidateSyntax.MayAssignSecret(name, value.Value)
            || context.SemanticModel.GetOperation(value, context.CancellationToken) is not ISymbolInitializerOperation initializer)
        {
            return;
        }

        var symbol = initializer switch
        {
            IFieldInitializerOperation field when field.InitializedFields.Length == 1 => (ISymbol)field.InitializedFields[0],
            IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsConst: true } local } => local.Symbol,
            _ => null,
        };

        if (symbol?.ContainingType is not null && WritesAConstant(initializer.Value))
        {
            Report(context, symbol.ContainingType.Name + ":" + symbol.Name, initializer.Value);
        }
    }

    // Dictionary initializers ({ ["k"] = "v" } and { "k", "v" }) and arrays, collection initializers or collection
    // expressions ([new("k", "v")]) of new KeyValuePair<string, string?>("k", "v").
    private static System.Collections.Generic.IEnumerable<(string Key, IOperation Value)> Entries(IOperation data)
    {
        var initializers = data switch
        {
            IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            // Roslyn 4.8, which the analyzer builds against, has no ICollectionExpressionOperation yet; its elements are
            // the operation's children in every version.
            { Syntax: CollectionExpressionSyntax } => data.ChildOperations.ToImmutableArray(),
            _ => ImmutableArray<IOperation>.Empty,
        };

        foreach (var element in initializers)
        {
            switch (SectionPaths.Unwrap(element))
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } target } assignment
                    when SectionPaths.ConstantString(target.Arguments[0].Value) is { } key:
                    yield return (key, assignment.Value);
                    break;
                case IInvocationOperation { Arguments.Length: 2 } add
                    when SectionPaths.ConstantString(add.Arguments[0].Value) is { } key:
                    yield return (key, add.Arguments[1].Value);
                    break;
                case IInvocationOperation { Arguments.Length: 1 } add
                    when SectionPaths.Unwrap(add.Arguments[0].Value) is IObjectCreationOperation { Arguments.Length: 2 } pair
                         && SectionPaths.ConstantString(pair.Arguments[0].Value) is { } key:
                    // new List<KeyValuePair<string, string?>> { new("k", "v") }: each entry is added whole.
                    yield return (key, pair.Arguments[1].Value);
                    break;
                case IObjectCreationOperation { Arguments.Length: 2 } pair
                    when SectionPaths.ConstantString(pair.Arguments[0].Value) is { } key:
                    yield return (key, pair.Arguments[1].Value);
                    break;
            }
        }
    }

    private static void OnAssignment(SemanticModelAnalysisContext context, AssignmentExpressionSyntax syntax, KnownTypes types)
    {
        if (syntax.Left is ImplicitElementAccessSyntax
            || !CandidateSyntax.MayAssignSecret(CandidateSyntax.AssignedName(syntax.Left), syntax.Right)
            || context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IAssignmentOperation assignment)
        {
            // Dictionary initializer entries ({ ["k"] = "v" }) are reported with the AddInMemoryCollection they feed.
            return;
        }

        // o.Password = "...", o.Password ??= "..." (written whenever the option is unset), o.Password = x ?? "...".
        if (assignment.Target is not IPropertyReferenceOperation target || !WritesAConstant(assignment.Value))
        {
            return;
        }

        var property = target.Property;
        if (property.IsIndexer)
        {
            // config["Db:Password"] = "..."
            if (types.IsConfiguration(property.ContainingType) && target.Arguments.Length == 1
                && SectionPaths.ConstantString(target.Arguments[0].Value) is { } key)
            {
                var path = SectionPaths.TryResolve(target.Instance, types, out var prefix) ? KeyPaths.Combine(prefix, key) : key;
                Report(context, path, assignment.Value);
            }

            return;
        }

        // o => o.Password = "...", new SmtpOptions { Password = "..." }, client.ApiKey = "...".
        var keyPath = property.ContainingType.Name + ":" + property.Name;
        if (IsKeyBesideItsSecret(property) && SectionPaths.ConstantString(assignment.Value) is { } pairText
            && SecretClassifier.Classify(keyPath, pairText).Kind == SecretVerdictKind.SecretKeyName)
        {
            // new SalesforceOptions { ConsumerKey = "3MVG9..." } where the type also has ConsumerSecret: the key half of a
            // pair names the app, as it does beside its secret in a settings file. A credential shape is still reported.
            return;
        }

        if (CandidateSyntax.ListHolding(syntax) is { } list && SectionPaths.ConstantString(assignment.Value) is { } text
            && !SecretClassifier.Classify(keyPath, text).IsSecret)
        {
            // ClientSecrets = [new Secret { Value = "..." }]: the list names what its elements hold, as ClientSecrets:0:Value
            // does in a settings file.
            keyPath = list + ":0:" + property.Name;
        }

        Report(context, keyPath, assignment.Value);
    }

    private static bool IsKeyBesideItsSecret(IPropertySymbol property)
    {
        if (SettingsDocument.SecretHalfOf(property.Name) is not { } secret)
        {
            return false;
        }

        for (var type = property.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol && string.Equals(member.Name, secret, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // o.SigningKey = DefaultJwtSigningKey: a constant of the project (a field or a local) whose own name says secret is
    // reported where its literal is (OnFieldInitializer); one finding per literal.
    private static bool IsReportedAtItsDeclaration(IOperation value, string text)
    {
        ISymbol? constant = value switch
        {
            IFieldReferenceOperation { Field: { IsConst: true, DeclaringSyntaxReferences.IsEmpty: false } field } => field,
            ILocalReferenceOperation { Local: { IsConst: true, ContainingType: not null } local } => local,
            _ => null,
        };
        return constant is not null && SecretClassifier.Classify(constant.ContainingType.Name + ":" + constant.Name, text).IsSecret;
    }

    // UseSqlServer("...;Password=..."), new NpgsqlConnection("..."), new NetworkCredential("user", "..."): a literal
    // with a credential shape passed to any call, or a secret passed to a parameter named like one (password, apiKey,
    // clientSecret), is configuration written in code. Bare "key" parameters (dictionary and cache keys) are not.
    private static void ReportSecretArguments(SemanticModelAnalysisContext context, ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value is not (ILiteralOperation or IInterpolatedStringOperation or IBinaryOperation)
                || SectionPaths.ConstantString(argument.Value) is not { Length: >= 4 } text
                || argument.Parameter is not { } parameter
                || EncryptedValueFormat.IsEncrypted(text))
            {
                continue;
            }

            var isCredential = text.Length >= 8 && CredentialPatterns.FindShape(text) is not null && !NonSecretValues.IsEncryptedOrReference(text);
            var keyClass = !isCredential && SecretKeyNames.MayBeSecretName(parameter.Name) ? SecretKeyNames.Classify(parameter.Name) : SecretKeyClass.None;
            var isSecretParameter = !isCredential && keyClass is SecretKeyClass.Password or SecretKeyClass.Token
                                    && SecretClassifier.Classify(parameter.Name, text).IsSecret;
            if (!isCredential && !isSecretParameter)
            {
                continue;
            }

            var method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.Name,
                IObjectCreationOperation creation => creation.Type?.Name ?? "new",
                _ => "call",
            };
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.HardCodedSecretInConfigurationCode, argument.Value.Syntax.GetLocation(), method + "(" + parameter.Name + ")"));
        }
    }

    private static void Report(SemanticModelAnalysisContext context, string keyPath, IOperation value)
    {
        if (SectionPaths.ConstantString(value) is null && SectionPaths.Unwrap(value) is ICoalesceOperation or IConditionalOperation)
        {
            // x.Password ?? "...", ready ? other : "...": the constant branch is written when it is taken.
            foreach (var branch in Branches(SectionPaths.Unwrap(value)))
            {
                Report(context, keyPath, branch);
            }

            return;
        }

        if (SectionPaths.ConstantString(value) is { } text && SecretClassifier.Classify(keyPath, text).IsSecret
            && !IsReportedAtItsDeclaration(SectionPaths.Unwrap(value), text))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecretInConfigurationCode, value.Syntax.GetLocation(), keyPath.Replace(':', '.')));
        }
    }

    private static IOperation[] Branches(IOperation choice) => choice switch
    {
        ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
        IConditionalOperation { WhenFalse: { } whenFalse } conditional => new[] { conditional.WhenTrue, whenFalse },
        _ => Array.Empty<IOperation>(),
    };

    // A constant, or a ?? or ?: with a constant branch.
    private static bool WritesAConstant(IOperation value)
    {
        if (SectionPaths.ConstantString(value) is not null)
        {
            return true;
        }

        foreach (var branch in Branches(SectionPaths.Unwrap(value)))
        {
            if (WritesAConstant(branch))
            {
                return true;
            }
        }

        return false;
    }
}
