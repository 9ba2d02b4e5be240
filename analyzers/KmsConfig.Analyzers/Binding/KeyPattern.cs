using System;
using System.Collections.Generic;
using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// A set of configuration keys that code reads: exact segments (ignoring case), <c>*</c> for any one segment (list
/// indexes, dictionary keys), and optionally everything below (<c>GetChildren</c>, <c>AsEnumerable</c>, untyped binds).
/// </summary>
internal sealed class KeyPattern
{
    public const string AnySegment = "*";

    public KeyPattern(IReadOnlyList<string> segments, bool includesDescendants)
    {
        Segments = segments;
        IncludesDescendants = includesDescendants;
    }

    public IReadOnlyList<string> Segments { get; }

    public bool IncludesDescendants { get; }

    public static KeyPattern Leaf(string path) => new KeyPattern(KeyPaths.Split(path), includesDescendants: false);

    public static KeyPattern Subtree(string path) => new KeyPattern(KeyPaths.Split(path), includesDescendants: true);

    /// <summary>Prefixes every segment of <paramref name="relative"/> with the section path <paramref name="prefix"/>.</summary>
    public static KeyPattern Under(string prefix, KeyPattern relative)
    {
        var segments = new List<string>(KeyPaths.Split(prefix));
        segments.AddRange(relative.Segments);
        return new KeyPattern(segments, relative.IncludesDescendants);
    }

    /// <summary>Whether the pattern covers <paramref name="keyPath"/>.</summary>
    public bool Matches(string keyPath) => Matches(KeyPaths.Split(keyPath));

    /// <summary>Whether the pattern covers the key path split into <paramref name="segments"/>.</summary>
    public bool Matches(string[] segments)
    {
        if (segments.Length < Segments.Count || (!IncludesDescendants && segments.Length != Segments.Count))
        {
            return false;
        }

        for (var i = 0; i < Segments.Count; i++)
        {
            if (Segments[i] != AnySegment && !string.Equals(Segments[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(":", Segments) + (IncludesDescendants ? ":**" : string.Empty);
}
