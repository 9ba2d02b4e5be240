using System.Globalization;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The parameters of one method that a read resolves through, which its call sites then fill in: a configuration
/// parameter the read starts below (<c>AddMail(this IServiceCollection services, IConfiguration section)</c>), and
/// string parameters used as keys (<c>config.GetSection(sectionName)</c> in
/// <c>AddPayments(this IServiceCollection services, IConfiguration config, string sectionName = "Payments")</c>).
/// A key parameter stands in the read's path as a placeholder segment until a call gives its value.
/// </summary>
internal sealed class ParameterUse
{
    // Not a character a configuration key holds in practice, and never ':' (the separator).
    private const char PlaceholderMark = '\u0001';

    /// <summary>The configuration parameter the read starts below, or null when it starts from the root.</summary>
    public IParameterSymbol? Configuration { get; private set; }

    /// <summary>The method (or constructor, or local function) whose parameters the read uses.</summary>
    public IMethodSymbol? Method { get; private set; }

    /// <summary>Whether a string parameter is used as a key.</summary>
    public bool HasKeyParameters { get; private set; }

    /// <summary>Whether the read uses any parameter at all.</summary>
    public bool UsesParameters => Configuration is not null || HasKeyParameters;

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

        HasKeyParameters = true;
        return PlaceholderMark + parameter.Ordinal.ToString(CultureInfo.InvariantCulture);
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
    {
        if (parameter.RefKind != RefKind.None
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction } method)
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
