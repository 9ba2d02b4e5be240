using System;
using System.Collections.Generic;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// Recognises the configuration reads the binder source generator recognises (<c>Bind</c>, <c>Get&lt;T&gt;</c>,
/// <c>GetValue&lt;T&gt;</c>, <c>Configure&lt;T&gt;</c>, <c>OptionsBuilder&lt;T&gt;.Bind</c>/<c>BindConfiguration</c>) plus
/// indexers, <c>Value</c>, <c>GetConnectionString</c>, <c>GetChildren</c> and <c>AsEnumerable</c>, and turns each into
/// the key patterns it reads. Reads from sections it cannot resolve are ignored rather than guessed.
/// </summary>
internal static class BindingFinder
{
    /// <summary>
    /// The binding an invocation performs, or <see langword="null"/>; options types are followed only through keys that
    /// <paramref name="isKeySegment"/> accepts (see <see cref="TypeKeyPaths"/>).
    /// </summary>
    public static ConfigurationBinding? Find(IInvocationOperation invocation, KnownTypes types, Func<string, bool> isKeySegment)
        => Find(invocation, types, SectionResolver.FromRoot(types, isKeySegment));

    /// <summary>The read a property access performs (<c>config["A:B"]</c>, <c>section.Value</c>), or <see langword="null"/>.</summary>
    public static ConfigurationBinding? Find(IPropertyReferenceOperation reference, KnownTypes types, Func<string, bool> isKeySegment)
        => Find(reference, types, SectionResolver.FromRoot(types, isKeySegment));

    /// <summary>
    /// The binding an invocation or property access performs through the parameters of its method, which call sites
    /// fill in: with its keys relative to a configuration parameter (<c>services.Configure&lt;SmtpOptions&gt;(section)</c>
    /// in <c>AddMail(this IServiceCollection services, IConfiguration section)</c>) and holding placeholders for string
    /// parameters used as keys (<c>config.GetSection(sectionName)</c>); <see langword="null"/> when it uses none.
    /// </summary>
    public static (ParameterUse Use, ConfigurationBinding Binding)? FindThroughParameters(IOperation operation, KnownTypes types, Func<string, bool> isKeySegment)
    {
        var resolver = SectionResolver.ThroughParameters(types, isKeySegment);
        var binding = operation switch
        {
            IInvocationOperation invocation => Find(invocation, types, resolver),
            IPropertyReferenceOperation reference => Find(reference, types, resolver),
            _ => null,
        };

        return binding is null || resolver.Use is not { UsesParameters: true } use ? null : (use, binding);
    }

    private static ConfigurationBinding? Find(IInvocationOperation invocation, KnownTypes types, SectionResolver resolver)
    {
        var method = invocation.TargetMethod;
        var keys = method.Name switch
        {
            "Bind" or "Get" or "GetValue" when KnownTypes.Is(method.ContainingType, types.ConfigurationBinder) => FromBinder(invocation, types, resolver),
            "Bind" or "BindConfiguration" when KnownTypes.Is(method.ContainingType, types.OptionsBuilderConfigurationExtensions) => FromOptionsBuilder(invocation, types, resolver),
            "Configure" when KnownTypes.Is(method.ContainingType, types.OptionsConfigurationServiceCollectionExtensions) => FromConfigure(invocation, types, resolver),
            "GetConnectionString" when KnownTypes.Is(method.ContainingType, types.ConfigurationExtensions) => FromConnectionString(invocation, resolver),
            "AsEnumerable" when KnownTypes.Is(method.ContainingType, types.ConfigurationExtensions) => Subtree(SectionPaths.Receiver(invocation), resolver),
            "GetChildren" when types.IsConfiguration(method.ContainingType) && !OnlyKeyedReadsOfEachChild(invocation) => Subtree(SectionPaths.Receiver(invocation), resolver),
            _ when method.TypeArguments.Length == 1 && IsFromAnotherAssembly(invocation) => FromLibraryHelper(invocation, types, resolver),
            _ => null,
        };

        return keys is null || keys.Count == 0 ? null : new ConfigurationBinding(CallLocation.Of(invocation.Syntax), keys);
    }

    private static ConfigurationBinding? Find(IPropertyReferenceOperation reference, KnownTypes types, SectionResolver resolver)
    {
        var property = reference.Property;
        if (!(property.IsIndexer || property.Name == "Value") || !types.IsConfiguration(property.ContainingType) || IsAssignmentTarget(reference))
        {
            return null;
        }

        string? path = null;
        if (property.IsIndexer && reference.Arguments.Length == 1)
        {
            var key = resolver.Key(reference.Arguments[0].Value);
            if (key is not null && resolver.TryResolve(reference.Instance, out var prefix))
            {
                path = KeyPaths.Combine(prefix, key);
            }
        }
        else if (property.Name == "Value" && types.IsConfigurationSection(property.ContainingType)
                 && resolver.TryResolveSection(reference.Instance, out var section))
        {
            path = section;
        }

        return path is null ? null : new ConfigurationBinding(CallLocation.Of(reference.Syntax), new[] { KeyPattern.Leaf(path) });
    }

    private static List<KeyPattern>? FromBinder(IInvocationOperation invocation, KnownTypes types, SectionResolver resolver)
    {
        if (!resolver.TryResolve(SectionPaths.Argument(invocation, "configuration"), out var section))
        {
            return null;
        }

        var key = resolver.Key(SectionPaths.Argument(invocation, "key"));
        if (SectionPaths.Argument(invocation, "key") is not null)
        {
            if (key is null)
            {
                return null;
            }

            section = KeyPaths.Combine(section, key);
        }

        switch (invocation.TargetMethod.Name)
        {
            case "GetValue":
                return new List<KeyPattern> { KeyPattern.Leaf(section) };
            case "Get":
                var target = invocation.TargetMethod.TypeArguments.Length == 1
                    ? invocation.TargetMethod.TypeArguments[0]
                    : (SectionPaths.Argument(invocation, "type") is { } typeArgument ? SectionPaths.Unwrap(typeArgument) as ITypeOfOperation : null)?.TypeOperand;
                return Under(section, target, types, resolver, BindsNonPublicProperties(invocation));
            default:
                var instance = SectionPaths.Argument(invocation, "instance");
                return Under(section, instance is null ? null : SectionPaths.Unwrap(instance).Type, types, resolver, BindsNonPublicProperties(invocation));
        }
    }

    private static List<KeyPattern>? FromOptionsBuilder(IInvocationOperation invocation, KnownTypes types, SectionResolver resolver)
    {
        var method = invocation.TargetMethod;
        var optionsType = method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
        if (method.Name == "BindConfiguration")
        {
            // The section path is read from the root IConfiguration; "" means the root itself.
            var path = resolver.Key(SectionPaths.Argument(invocation, "configSectionPath"));
            return path is null ? null : Under(path, optionsType, types, resolver, BindsNonPublicProperties(invocation));
        }

        return resolver.TryResolve(SectionPaths.Argument(invocation, "config"), out var section)
            ? Under(section, optionsType, types, resolver, BindsNonPublicProperties(invocation))
            : null;
    }

    // Configure<T>(services, [string name,] IConfiguration config, ...): the name is the options name, not a key.
    private static List<KeyPattern>? FromConfigure(IInvocationOperation invocation, KnownTypes types, SectionResolver resolver)
    {
        var method = invocation.TargetMethod;
        if (method.TypeArguments.Length != 1 || !resolver.TryResolve(SectionPaths.Argument(invocation, "config"), out var section))
        {
            return null;
        }

        return Under(section, method.TypeArguments[0], types, resolver, BindsNonPublicProperties(invocation));
    }

    // services.AddValidatedOptions<SmtpOptions>("Smtp") or AddSettings<SmtpOptions>(config.GetSection("Smtp")), declared in
    // another project of the solution or a package: its body is not visible, so a generic method that is handed a
    // section name (a string parameter named for one: sectionName, configSectionPath, ...) or a section is taken to bind
    // its type argument there, as the framework's own BindConfiguration<T> and Configure<T> do. The framework's methods
    // are known by name above; their other generic methods take names that are not sections (AddHttpClient<T>(name)).
    private static List<KeyPattern>? FromLibraryHelper(IInvocationOperation invocation, KnownTypes types, SectionResolver resolver)
    {
        var method = invocation.TargetMethod;
        if (IsFrameworkNamespace(method.ContainingNamespace))
        {
            return null;
        }

        string? sectionName = null;
        string? key = null;
        string? section = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            var namesSection = NamesASection(parameter.Name);
            if (parameter.Type.SpecialType == SpecialType.System_String && (namesSection || parameter.Name is "key" or "path"))
            {
                // A name that is not a constant leaves the section unknown.
                var given = resolver.Key(argument.Value);
                if (given is null || (sectionName ?? key) is not null)
                {
                    return null;
                }

                if (namesSection)
                {
                    sectionName = given;
                }
                else
                {
                    key = given;
                }
            }
            else if (types.IsConfiguration(parameter.Type))
            {
                if (section is not null || !resolver.TryResolve(argument.Value, out var resolved))
                {
                    return null;
                }

                section = resolved;
            }
        }

        // A plain "key" is a configuration key only beside the configuration it is read from
        // (GetRequiredValue<T>(this IConfiguration configuration, string key)).
        if ((sectionName ?? (section is null ? null : key)) is { } name)
        {
            return Under(KeyPaths.Combine(section ?? string.Empty, name), method.TypeArguments[0], types, resolver, bindNonPublic: false);
        }

        // Handed a section, not the root (from which a helper may read anything, or nothing), and named for settings.
        return section is { Length: > 0 } && CandidateSyntax.IsNamedForSettings(method.Name)
            ? Under(section, method.TypeArguments[0], types, resolver, bindNonPublic: false)
            : null;
    }

    // Methods written in this compilation are followed into (ParameterBindings); the rest are known only by their signature.
    private static bool IsFromAnotherAssembly(IInvocationOperation invocation)
        => invocation.SemanticModel is { } model
           && !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, model.Compilation.Assembly);

    private static bool IsFrameworkNamespace(INamespaceSymbol? symbol)
    {
        while (symbol is { ContainingNamespace.IsGlobalNamespace: false })
        {
            symbol = symbol.ContainingNamespace;
        }

        return symbol?.Name is "System" or "Microsoft";
    }

    // sectionName, section, configSectionPath, configurationSectionName, sectionKey, configKey, configurationPath; not a
    // plain "name", which is the options name in the framework's own Configure<T>(name, config).
    private static bool NamesASection(string parameterName)
    {
        var name = parameterName.ToUpperInvariant();
        return name.Contains("SECTION")
               || name is "CONFIGKEY" or "CONFIGURATIONKEY" or "CONFIGPATH" or "CONFIGURATIONPATH" or "SETTINGSKEY" or "OPTIONSSECTION";
    }

    private static List<KeyPattern>? FromConnectionString(IInvocationOperation invocation, SectionResolver resolver)
    {
        var name = resolver.Key(SectionPaths.Argument(invocation, "name"));
        if (name is null || !resolver.TryResolve(SectionPaths.Receiver(invocation), out var section))
        {
            return null;
        }

        return new List<KeyPattern> { KeyPattern.Leaf(KeyPaths.Combine(KeyPaths.Combine(section, "ConnectionStrings"), name)) };
    }

    private static List<KeyPattern>? Subtree(IOperation? receiver, SectionResolver resolver)
        => resolver.TryResolve(receiver, out var section) ? new List<KeyPattern> { KeyPattern.Subtree(section) } : null;

    private static List<KeyPattern>? Under(string section, ITypeSymbol? type, KnownTypes types, SectionResolver resolver, bool bindNonPublic)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            // Load<T>(IConfiguration config, string name) binding a T: each call says which type (parameter resolvers only).
            return resolver.Use?.TryUseTypeParameter(typeParameter, bindNonPublic) is { } placeholder
                ? new List<KeyPattern> { KeyPattern.Leaf(KeyPaths.Combine(section, placeholder)) }
                : null;
        }

        if (type is null)
        {
            return null;
        }

        var patterns = new List<KeyPattern>();
        foreach (var relative in TypeKeyPaths.For(type, types, bindNonPublic, resolver.IsKeySegment))
        {
            patterns.Add(KeyPattern.Under(section, relative));
        }

        return patterns;
    }

    // Get<T>(o => o.BindNonPublicProperties = true), Bind(instance, o => { ... }), Configure<T>(section, o => ...): the
    // binder then binds properties whose getter is not public too. A callback that is not a lambda or anonymous method
    // (a method group, a delegate variable) is not looked into, and leaves the default.
    private static bool BindsNonPublicProperties(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is not INamedTypeSymbol { Name: "Action", TypeArguments.Length: 1 } action
                || action.TypeArguments[0].Name != "BinderOptions"
                || SectionPaths.Unwrap(argument.Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation callback })
            {
                continue;
            }

            foreach (var operation in callback.Body.Descendants())
            {
                // A value that is not the constant false may be true.
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "BindNonPublicProperties", ContainingType.Name: "BinderOptions" } } } assignment
                    && !(assignment.Value.ConstantValue.HasValue && assignment.Value.ConstantValue.Value is false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // foreach (var t in section.GetChildren()) { t["Id"]; t.GetValue<string>("ApiKey"); }: the loop reads those keys of
    // each child, which resolve through the loop variable (Tenants:*:ApiKey), not the whole subtree. Any other use of
    // the variable (passed on, bound, enumerated) keeps the loop a read of everything below.
    private static bool OnlyKeyedReadsOfEachChild(IInvocationOperation children)
    {
        var parent = children.Parent is IConversionOperation conversion ? conversion.Parent : children.Parent;
        if (parent is not IForEachLoopOperation loop || loop.Locals.Length != 1)
        {
            return false;
        }

        var child = loop.Locals[0];
        var uses = 0;
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, child))
            {
                continue;
            }

            uses++;
            if (!IsKeyedRead(reference))
            {
                return false;
            }
        }

        return uses > 0;
    }

    // child["ApiKey"], child.GetValue<string>("ApiKey"), child.GetSection("ApiKey").Value, child.Key. A child's own .Value
    // is not a candidate read (CandidateSyntax knows no loop variables), so it keeps the loop a read of everything.
    private static bool IsKeyedRead(ILocalReferenceOperation reference)
    {
        // An extension method of IConfiguration sees the section through a conversion.
        IOperation child = reference.Parent is IConversionOperation conversion ? conversion : reference;
        return child.Parent switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                => indexer.Instance == child && indexer.Arguments.Length == 1 && SectionPaths.ConstantString(indexer.Arguments[0].Value) is not null,
            IPropertyReferenceOperation { Property.Name: "Key" or "Path" } property => property.Instance == child,
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetValue" or "GetSection" or "GetRequiredSection" } call } argument
                => argument.Parameter?.Ordinal == 0 && call.Arguments.Length >= 2 && SectionPaths.ConstantString(call.Arguments[1].Value) is not null,
            IInvocationOperation { TargetMethod.Name: "GetSection" } call
                => call.Instance == child && call.Arguments.Length == 1 && SectionPaths.ConstantString(call.Arguments[0].Value) is not null,
            _ => false,
        };
    }

    // config["k"] = v only writes the key; config["k"] ??= v (and a compound assignment) reads it first.
    private static bool IsAssignmentTarget(IOperation operation)
        => operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation;
}
