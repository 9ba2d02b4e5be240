using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The parameters of one method that a read resolves through, which its call sites then fill in: a configuration
/// parameter the read starts below (<c>AddMail(this IServiceCollection services, IConfiguration section)</c>),
/// string parameters used as keys (<c>config.GetSection(sectionName)</c> in
/// <c>AddPayments(this IServiceCollection services, IConfiguration config, string sectionName = "Payments")</c>), and
/// type parameters bound (<c>config.GetSection(name).Bind(new T())</c> in <c>Load&lt;T&gt;(IConfiguration config, string name)</c>).
/// A key or type parameter stands in the read's path as a placeholder segment until a call gives its value.
/// </summary>
internal sealed class ParameterUse
{
    // Not characters a configuration key holds in practice, and never ':' (the separator).
    private const char PlaceholderMark = '\u0001';
    private const char TypePlaceholderMark = '\u0002';
    private const char BindsNonPublicMark = 'n';

    /// <summary>The configuration parameter the read starts below, or null when it starts from the root.</summary>
    public IParameterSymbol? Configuration { get; private set; }

    /// <summary>The method (or constructor, or local function) whose parameters the read uses.</summary>
    public IMethodSymbol? Method { get; private set; }

    /// <summary>Whether a string parameter is used as a key, or a type parameter is bound: each call fills in the path.</summary>
    public bool HasPlaceholders { get; private set; }

    /// <summary>Whether the read uses any parameter at all.</summary>
    public bool UsesParameters => Configuration is not null || HasPlaceholders;

    /// <summary>Starts the read below <paramref name="parameter"/>; false when it already uses another configuration parameter or method.</summary>
    public bool TryUseConfiguration(IParameterSymbol parameter)
    {
        parameter = parameter.OriginalDefinition;
        if (!TryUseMethodOf(parameter) || (Configuration is not null && !SymbolEqualityComparer.Default.Equals(Configuration, parameter)))
        {
            return false;
        }

        Configuration = parameter;
        return true;
    }

    /// <summary>The placeholder segment for the string parameter <paramref name="parameter"/> used as a key, or null.</summary>
    public string? TryUseKey(IParameterSymbol parameter)
    {
        parameter = parameter.OriginalDefinition;
        if (!TryUseMethodOf(parameter))
        {
            return null;
        }

        HasPlaceholders = true;
        return PlaceholderMark + parameter.Ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The placeholder segment for binding the method's type parameter <paramref name="typeParameter"/> there (each call's
    /// type argument is expanded as the binder expands it), or null when it is not a type parameter of the same method.
    /// </summary>
    public string? TryUseTypeParameter(ITypeParameterSymbol typeParameter, bool bindNonPublic)
    {
        if (typeParameter.DeclaringMethod?.OriginalDefinition is not { } method || !TryUseMethod(method))
        {
            return null;
        }

        HasPlaceholders = true;
        return TypePlaceholderMark + typeParameter.Ordinal.ToString(CultureInfo.InvariantCulture) + (bindNonPublic ? BindsNonPublicMark.ToString() : string.Empty);
    }

    /// <summary>Whether a path segment is a type placeholder, for which type parameter ordinal and binder option.</summary>
    public static bool IsTypePlaceholder(string segment, out int ordinal, out bool bindNonPublic)
    {
        ordinal = -1;
        bindNonPublic = segment.Length > 1 && segment[segment.Length - 1] == BindsNonPublicMark;
        var digits = bindNonPublic ? segment.Substring(1, segment.Length - 2) : segment.Substring(Math.Min(1, segment.Length));
        return segment.Length > 1 && segment[0] == TypePlaceholderMark
               && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ordinal);
    }

    /// <summary>Whether a path segment is a placeholder, and for which parameter ordinal.</summary>
    public static bool IsPlaceholder(string segment, out int ordinal)
    {
        ordinal = -1;
        return segment.Length > 1 && segment[0] == PlaceholderMark
               && int.TryParse(segment.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out ordinal);
    }

    // Lambda parameters are not placed: what a callback is given is not known from call sites.
    private bool TryUseMethodOf(IParameterSymbol parameter)
        => parameter.RefKind == RefKind.None && parameter.ContainingSymbol is IMethodSymbol method && TryUseMethod(method);

    private bool TryUseMethod(IMethodSymbol method)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction))
        {
            return false;
        }

        if (Method is not null && !SymbolEqualityComparer.Default.Equals(Method, method))
        {
            return false;
        }

        Method = method;
        return true;
    }
}
