using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The file name a settings-file load names, as a pattern in which <c>*</c> stands for a part computed at run time:
/// <c>"config/appsettings.json"</c> is <c>appsettings.json</c>, <c>$"appsettings.{env.EnvironmentName}.json"</c> is
/// <c>appsettings.*.json</c>, <c>Path.Combine(dir, "appsettings.json")</c> and <c>dir + "/appsettings.json"</c> are
/// <c>appsettings.json</c>. Directories are dropped because AdditionalFiles are matched by file name.
/// </summary>
internal static class FileNamePattern
{
    /// <summary>The pattern of a path that is computed throughout: it may name any file.</summary>
    public const string AnyFile = "*";

    /// <summary>The file-name pattern of <paramref name="path"/>, or <see langword="null"/> when nothing of it is known.</summary>
    public static string? Of(IOperation? path)
    {
        if (path is null)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(path, text, 0);
        var pattern = text.ToString();
        pattern = CollapseStars(pattern.Substring(pattern.LastIndexOfAny(new[] { '/', '\\' }) + 1));
        return pattern.Length == 0 || pattern == AnyFile ? null : pattern;
    }

    /// <summary>
    /// Whether <paramref name="pattern"/> has constant text besides its extension: <c>appsettings.*.json</c> does,
    /// <c>*.json</c> (<c>$"{name}.json"</c>) may name any settings file.
    /// </summary>
    public static bool NamesMoreThanExtension(string pattern)
    {
        var constant = pattern.Replace("*", string.Empty);
        var extension = constant.LastIndexOf('.');
        return (extension < 0 ? constant : constant.Substring(0, extension)).Trim('.').Length > 0;
    }

    /// <summary>Whether a file name matches a pattern, ignoring case as Windows and the file providers do.</summary>
    public static bool Matches(string pattern, string fileName) => Matches(pattern, 0, fileName, 0);

    private static void Append(IOperation operation, StringBuilder text, int depth)
    {
        operation = SectionPaths.Unwrap(operation);
        if (SectionPaths.ConstantString(operation) is { } constant)
        {
            text.Append(constant);
            return;
        }

        if (depth > 8)
        {
            text.Append('*');
            return;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation literal)
                    {
                        Append(literal.Text, text, depth + 1);
                    }
                    else if (part is IInterpolationOperation hole)
                    {
                        Append(hole.Expression, text, depth + 1);
                    }
                }

                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                Append(concatenation.LeftOperand, text, depth + 1);
                Append(concatenation.RightOperand, text, depth + 1);
                break;
            case IInvocationOperation { TargetMethod.Name: "Combine" or "Join" } call
                when call.TargetMethod.ContainingType.ToDisplayString() == "System.IO.Path" && call.Arguments.Length > 0:
                // Only the last part names the file; the parts before it are directories.
                text.Append("*/");
                var last = SectionPaths.Unwrap(call.Arguments[call.Arguments.Length - 1].Value);
                if (last is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } parts })
                {
                    last = parts[parts.Length - 1];
                }

                Append(last, text, depth + 1);
                break;
            default:
                text.Append('*');
                break;
        }
    }

    private static string CollapseStars(string pattern)
    {
        while (pattern.IndexOf("**", StringComparison.Ordinal) >= 0)
        {
            pattern = pattern.Replace("**", "*");
        }

        return pattern;
    }

    private static bool Matches(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == '*')
            {
                for (var rest = n; rest <= name.Length; rest++)
                {
                    if (Matches(pattern, p + 1, name, rest))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n >= name.Length || char.ToUpperInvariant(pattern[p]) != char.ToUpperInvariant(name[n]))
            {
                return false;
            }

            p++;
            n++;
        }

        return n == name.Length;
    }
}
