using System.Collections.Generic;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>One place in code that reads configuration, and the keys it reads.</summary>
internal sealed class ConfigurationBinding
{
    public ConfigurationBinding(Location location, IReadOnlyList<KeyPattern> keys)
    {
        Location = location;
        Keys = keys;
    }

    /// <summary>The call or indexer that reads.</summary>
    public Location Location { get; }

    /// <summary>The keys it reads.</summary>
    public IReadOnlyList<KeyPattern> Keys { get; }

    /// <summary>
    /// Whether the read takes the whole configuration (<c>config.AsEnumerable()</c>, <c>config.GetChildren()</c> on the
    /// root): it binds every key, but is no place to report each secret of the application.
    /// </summary>
    public bool ReadsEverything
    {
        get
        {
            foreach (var key in Keys)
            {
                if (key.IncludesDescendants && key.Segments.Count == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public bool Matches(string keyPath) => Matches(KeyPaths.Split(keyPath));

    public bool Matches(string[] segments)
    {
        foreach (var key in Keys)
        {
            if (key.Matches(segments))
            {
                return true;
            }
        }

        return false;
    }
}
