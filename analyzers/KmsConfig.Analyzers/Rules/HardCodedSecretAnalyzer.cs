using System;
using System.Collections.Immutable;
using KmsConfig.Analyzers.Binding;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1005: C# that writes a literal secret into configuration: entries of <c>AddInMemoryCollection</c>,
/// <c>config["Db:Password"] = "..."</c>, and options lambdas or options initializers that assign a literal to a
/// secret-named property. Uses the same secret rules as the settings files.
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
            if (types.IConfiguration is null)
            {
                return;
            }

            start.RegisterOperationAction(c => OnInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(
                c =>
                {
                    // KeyValuePair entries are reported with the AddInMemoryCollection they feed.
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (creation.Type?.Name != "KeyValuePair")
                    {
                        ReportCredentialArguments(c, creation.Arguments);
                    }
                },
                OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => OnAssignment(c, types), OperationKind.SimpleAssignment);
        });
    }

    private static void OnInvocation(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name == "SetEnvironmentVariable" && method.ContainingType.SpecialType == SpecialType.None
            && method.ContainingType.ToDisplayString() == "System.Environment" && invocation.Arguments.Length >= 2
            && SectionPaths.ConstantString(invocation.Arguments[0].Value) is { } variable)
        {
            // Environment variables feed configuration with "__" as the section separator.
            Report(context, variable.Replace("__", ":"), invocation.Arguments[1].Value);
            return;
        }

        if (method.Name != "AddInMemoryCollection" || !KnownTypes.Is(method.ContainingType, types.MemoryConfigurationBuilderExtensions))
        {
            // Collection-initializer Add calls are entries, reported with their dictionary.
            if (!invocation.IsImplicit)
            {
                ReportCredentialArguments(context, invocation.Arguments);
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

    // Dictionary initializers ({ ["k"] = "v" } and { "k", "v" }) and arrays or collection initializers of
    // new KeyValuePair<string, string?>("k", "v").
    private static System.Collections.Generic.IEnumerable<(string Key, IOperation Value)> Entries(IOperation data)
    {
        var initializers = data switch
        {
            IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
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
                case IObjectCreationOperation { Arguments.Length: 2 } pair
                    when SectionPaths.ConstantString(pair.Arguments[0].Value) is { } key:
                    yield return (key, pair.Arguments[1].Value);
                    break;
            }
        }
    }

    private static void OnAssignment(OperationAnalysisContext context, KnownTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target || SectionPaths.ConstantString(assignment.Value) is null)
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

        if (IsInOptionsLambda(assignment) || IsOptionsInitializer(assignment))
        {
            Report(context, property.ContainingType.Name + ":" + property.Name, assignment.Value);
        }
    }

    // UseSqlServer("...;Password=..."), new NpgsqlConnection("..."), AddRedis("host,password=..."): a literal with a
    // credential shape passed to any call is configuration written in code.
    private static void ReportCredentialArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value is ILiteralOperation or IInterpolatedStringOperation or IBinaryOperation
                && SectionPaths.ConstantString(argument.Value) is { Length: >= 8 } text
                && argument.Parameter is { } parameter
                && !EncryptedValueFormat.IsEncrypted(text)
                && CredentialPatterns.FindShape(text) is not null
                && !NonSecretValues.IsEncryptedOrReference(text))
            {
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
    }

    private static void Report(OperationAnalysisContext context, string keyPath, IOperation value)
    {
        if (SectionPaths.ConstantString(value) is { } text && SecretClassifier.Classify(keyPath, text).IsSecret)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecretInConfigurationCode, value.Syntax.GetLocation(), keyPath.Replace(':', '.')));
        }
    }

    // services.Configure<SmtpOptions>(o => o.Password = "..."), builder.Services.AddOptions<T>().Configure(o => ...),
    // and any other options callback: an assignment to a property of the lambda's own parameter.
    private static bool IsInOptionsLambda(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Instance: IParameterReferenceOperation parameter })
        {
            return false;
        }

        for (var current = assignment.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function)
            {
                return SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, function.Symbol)
                       && function.Parent is IDelegateCreationOperation { Parent: IArgumentOperation };
            }
        }

        return false;
    }

    // new SmtpOptions { Password = "..." } / new DatabaseSettings { ApiKey = "..." }
    private static bool IsOptionsInitializer(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Parent is not IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            return false;
        }

        var name = creation.Type?.Name ?? string.Empty;
        return name.EndsWith("Options", StringComparison.Ordinal)
               || name.EndsWith("Settings", StringComparison.Ordinal)
               || name.EndsWith("Config", StringComparison.Ordinal)
               || name.EndsWith("Configuration", StringComparison.Ordinal);
    }
}
