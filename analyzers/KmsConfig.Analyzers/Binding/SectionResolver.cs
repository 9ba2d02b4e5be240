using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// How <see cref="BindingFinder"/> turns the configuration a read starts from into a path: from the root, as
/// <c>SectionPaths.TryResolve</c> does, or below a configuration parameter of a method written in source, which
/// its call sites then place (<c>services.AddMail(config.GetSection("Smtp"))</c> with <c>AddMail</c> binding its
/// parameter).
/// </summary>
internal sealed class SectionResolver
{
    private readonly KnownTypes _types;
    private readonly bool _belowParameter;

    private SectionResolver(KnownTypes types, bool belowParameter)
    {
        _types = types;
        _belowParameter = belowParameter;
    }

    /// <summary>The parameter every path resolved so far starts from (below-parameter resolvers only).</summary>
    public IParameterSymbol? Parameter { get; private set; }

    /// <summary>Resolves from the root configuration.</summary>
    public static SectionResolver FromRoot(KnownTypes types) => new SectionResolver(types, belowParameter: false);

    /// <summary>Resolves below one configuration parameter; a read that uses two parameters does not resolve.</summary>
    public static SectionResolver BelowParameter(KnownTypes types) => new SectionResolver(types, belowParameter: true);

    /// <summary>The path of <paramref name="operation"/>: "" is the root, or the parameter itself.</summary>
    public bool TryResolve(IOperation? operation, out string path)
    {
        if (!_belowParameter)
        {
            return SectionPaths.TryResolve(operation, _types, out path);
        }

        if (!SectionPaths.TryResolveBelowParameter(operation, _types, out var parameter, out path)
            || (Parameter is not null && !SymbolEqualityComparer.Default.Equals(Parameter, parameter)))
        {
            return false;
        }

        Parameter = parameter;
        return true;
    }

    /// <summary>Like <see cref="TryResolve"/>, for reads of a section's own value: the root has none, a parameter may be a section.</summary>
    public bool TryResolveSection(IOperation? operation, out string path)
        => TryResolve(operation, out path) && (_belowParameter || path.Length > 0);
}
