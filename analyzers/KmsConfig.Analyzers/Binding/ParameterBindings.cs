using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// Reads through the parameters of methods written in source, and the call sites that fill those parameters in,
/// gathered across the compilation's files and joined at its end. One level deep: a method that passes its parameter
/// on to another is not followed.
/// <list type="bullet">
/// <item><c>AddMail(this IServiceCollection services, IConfiguration section)</c> binding <c>section</c> to
/// <c>SmtpOptions</c>, called as <c>services.AddMail(config.GetSection("Smtp"))</c>, reads <c>Smtp:Password</c> at that
/// call. Such calls are found as each file is analysed (they hand over a section, which the syntax shows).</item>
/// <item><c>AddPayments(this IServiceCollection services, IConfiguration config, string sectionName = "Payments")</c>
/// binding <c>config.GetSection(sectionName)</c>, called as <c>services.AddPayments(config)</c> or
/// <c>services.AddPayments(config, "Billing:Payments")</c>, reads below the section each call names; likewise
/// <c>Load&lt;T&gt;(IConfiguration config, string name)</c> binding a <c>T</c> binds each call's type argument. Nothing in the
/// syntax of such a call says so, so its call sites are looked for by name at the end, and only when some method
/// reads through a string parameter.</item>
/// </list>
/// </summary>
internal sealed class ParameterBindings
{
    private readonly Func<string, bool> _isKeySegment;

    private readonly ConcurrentDictionary<IParameterSymbol, ConcurrentBag<ConfigurationBinding>> _reads =
        new ConcurrentDictionary<IParameterSymbol, ConcurrentBag<ConfigurationBinding>>(SymbolEqualityComparer.Default);

    private readonly ConcurrentBag<(IParameterSymbol Parameter, string Section, Location Location)> _calls =
        new ConcurrentBag<(IParameterSymbol Parameter, string Section, Location Location)>();

    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(IParameterSymbol? Configuration, ConfigurationBinding Binding)>> _keyedReads =
        new ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(IParameterSymbol? Configuration, ConfigurationBinding Binding)>>(SymbolEqualityComparer.Default);

    /// <summary>Follows options types, where a call's type argument is bound, only through keys <paramref name="isKeySegment"/> accepts.</summary>
    public ParameterBindings(Func<string, bool> isKeySegment) => _isKeySegment = isKeySegment;

    /// <summary>Records a read through the parameters of its method (see <see cref="BindingFinder.FindThroughParameters"/>).</summary>
    public void AddRead(ParameterUse use, ConfigurationBinding relative)
    {
        if (use.HasPlaceholders && use.Method is { } method)
        {
            _keyedReads.GetOrAdd(method, _ => new ConcurrentBag<(IParameterSymbol?, ConfigurationBinding)>()).Add((use.Configuration, relative));
        }
        else if (use.Configuration is { } parameter)
        {
            _reads.GetOrAdd(parameter, _ => new ConcurrentBag<ConfigurationBinding>()).Add(relative);
        }
    }

    /// <summary>Records a call that passes the section at <paramref name="section"/> for <paramref name="parameter"/>.</summary>
    public void AddCall(IParameterSymbol parameter, string section, Location location)
        => _calls.Add((parameter.OriginalDefinition, section, location));

    /// <summary>Each call with the keys its callee reads through its parameters, placed under what the call passes.</summary>
    public IEnumerable<ConfigurationBinding> Join(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var (parameter, section, location) in _calls)
        {
            if (!_reads.TryGetValue(parameter, out var reads))
            {
                continue;
            }

            var keys = new List<KeyPattern>();
            foreach (var read in reads)
            {
                foreach (var key in read.Keys)
                {
                    keys.Add(KeyPattern.Under(section, key));
                }
            }

            yield return new ConfigurationBinding(location, keys);
        }

        if (_keyedReads.IsEmpty)
        {
            yield break;
        }

        foreach (var call in CallsOf(compilation, cancellationToken))
        {
            if (Place(call, types) is { } placed)
            {
                yield return placed;
            }
        }
    }

    // The calls (and object creations) of the methods that read through a string parameter, found by name in every
    // tree's candidate nodes, then confirmed by the semantic model.
    private IEnumerable<IOperation> CallsOf(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>();
        foreach (var method in _keyedReads.Keys)
        {
            names.Add(method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name);
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            SemanticModel? model = null;
            foreach (var node in CandidateNodes.Of(tree, cancellationToken))
            {
                var name = node switch
                {
                    InvocationExpressionSyntax invocation => CandidateSyntax.InvokedName(invocation),
                    ObjectCreationExpressionSyntax creation => CandidateSyntax.CreatedTypeName(creation),
                    _ => null,
                };
                if (name is null || !names.Contains(name))
                {
                    continue;
                }

                model ??= compilation.GetSemanticModel(tree);
                if (model.GetOperation(node, cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    private ConfigurationBinding? Place(IOperation call, KnownTypes types)
    {
        IMethodSymbol method;
        ImmutableArray<IArgumentOperation> arguments;
        switch (call)
        {
            case IInvocationOperation invocation:
                (method, arguments) = (invocation.TargetMethod, invocation.Arguments);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                (method, arguments) = (constructor, creation.Arguments);
                break;
            default:
                return null;
        }

        if (!_keyedReads.TryGetValue(method.OriginalDefinition, out var reads))
        {
            return null;
        }

        var keys = new List<KeyPattern>();
        foreach (var (configuration, binding) in reads)
        {
            var section = string.Empty;
            if (configuration is not null && !SectionPaths.TryResolve(ArgumentFor(arguments, configuration.Ordinal), types, out section))
            {
                continue;
            }

            foreach (var key in binding.Keys)
            {
                if (Fill(key, arguments) is not { } filled)
                {
                    continue;
                }

                if (filled.Segments.Count > 0 && ParameterUse.IsTypePlaceholder(filled.Segments[filled.Segments.Count - 1], out var ordinal, out var bindNonPublic))
                {
                    // The type argument of this call, expanded as the binder binds it, below the rest of the path.
                    if (ordinal < method.TypeArguments.Length && method.TypeArguments[ordinal] is { TypeKind: not TypeKind.TypeParameter } typeArgument)
                    {
                        var prefix = section;
                        for (var i = 0; i < filled.Segments.Count - 1; i++)
                        {
                            prefix = KeyPaths.Combine(prefix, filled.Segments[i]);
                        }

                        foreach (var relative in TypeKeyPaths.For(typeArgument, types, bindNonPublic, _isKeySegment))
                        {
                            keys.Add(KeyPattern.Under(prefix, relative));
                        }
                    }

                    continue;
                }

                keys.Add(KeyPattern.Under(section, filled));
            }
        }

        return keys.Count == 0 ? null : new ConfigurationBinding(CallLocation.Of(call.Syntax), keys);
    }

    // The key with each placeholder replaced by the constant the call gives that string parameter (an explicit argument
    // or the parameter's default); null when one is not a constant.
    private static KeyPattern? Fill(KeyPattern key, ImmutableArray<IArgumentOperation> arguments)
    {
        var segments = new List<string>();
        foreach (var segment in key.Segments)
        {
            if (!ParameterUse.IsPlaceholder(segment, out var ordinal))
            {
                segments.Add(segment);
            }
            else if (SectionPaths.ConstantString(ArgumentFor(arguments, ordinal)) is { } value)
            {
                segments.AddRange(KeyPaths.Split(value));
            }
            else
            {
                return null;
            }
        }

        return new KeyPattern(segments, key.IncludesDescendants);
    }

    private static IOperation? ArgumentFor(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
