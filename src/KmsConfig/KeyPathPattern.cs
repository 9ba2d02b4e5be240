using System.Text;
using System.Text.RegularExpressions;

namespace KmsConfig;

/// <summary>A configuration key path pattern: <c>*</c> matches within one section, <c>**</c> across sections; case-insensitive.</summary>
internal sealed class KeyPathPattern
{
    private readonly Regex _regex;

    public KeyPathPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*')
            {
                var across = i + 1 < pattern.Length && pattern[i + 1] == '*';
                regex.Append(across ? ".*" : "[^:]*");
                i += across ? 1 : 0;
            }
            else
            {
                regex.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public bool IsMatch(string keyPath) => _regex.IsMatch(keyPath);
}
