using System;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// How <see cref="BindingFinder"/> turns the configuration a read starts from, and the keys it reads, into a path: from
/// the root with constant keys, as <c>SectionPaths.TryResolve</c> does, or also through the parameters of a method
/// written in source, which its call sites then fill in (<c>services.AddMail(config.GetSection("Smtp"))</c> with
/// <c>AddMail</c> binding its configuration parameter; <c>services.AddPayments(config, "Payments")</c> with
/// <c>AddPayments</c> reading <c>config.GetSection(sectionName)</c>).
/// </summary>
internal sealed class SectionResolver
{
    private readonly KnownTypes _types;

    private SectionResolver(KnownTypes types, Func<string, bool> isKeySegment, ParameterUse? use)
    {
        _types = types;
        IsKeySegment = isKeySegment;
        Use = use;
    }

    /// <summary>Whether a key is a segment of some settings value's path, so that a bound property by that name may matter.</summary>
    public Func<string, bool> IsKeySegment { get; }

    /// <summary>The parameters every path resolved so far uses (parameter resolvers only).</summary>
    public ParameterUse? Use { get; }

    /// <summary>Resolves from the root configuration, with constant keys.</summary>
    public static SectionResolver FromRoot(KnownTypes types, Func<string, bool> isKeySegment) => new SectionResolver(types, isKeySegment, use: null);

    /// <summary>Resolves also through the parameters of one method; a read that uses two methods' parameters does not resolve.</summary>
    public static SectionResolver ThroughParameters(KnownTypes types, Func<string, bool> isKeySegment)
        => new SectionResolver(types, isKeySegment, new ParameterUse());

    /// <summary>The path of <paramref name="operation"/>: "" is the root, or the configuration parameter itself.</summary>
    public bool TryResolve(IOperation? operation, out string path)
        => Use is null ? SectionPaths.TryResolve(operation, _types, out path) : SectionPaths.TryResolve(operation, _types, Use, out path);

    /// <summary>Like <see cref="TryResolve"/>, for reads of a section's own value: the root has none, a parameter may be a section.</summary>
    public bool TryResolveSection(IOperation? operation, out string path)
        => TryResolve(operation, out path) && (path.Length > 0 || Use?.Configuration is not null);

    /// <summary>The key an argument gives (see <see cref="SectionPaths.Key"/>), or null.</summary>
    public string? Key(IOperation? operation) => SectionPaths.Key(operation, Use);
}
