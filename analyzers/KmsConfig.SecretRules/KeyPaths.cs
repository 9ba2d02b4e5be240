using System;
using System.Collections.Generic;

namespace KmsConfig.SecretRules;

/// <summary>Configuration key paths as <c>IConfiguration</c> sees them: segments joined by ':', compared ignoring case.</summary>
internal static class KeyPaths
{
    public const char Delimiter = ':';

    public static string Combine(List<string> segments) => string.Join(":", segments);

    public static string Combine(List<string> segments, string last)
        => segments.Count == 0 ? last : string.Join(":", segments) + ":" + last;

    public static string Combine(string prefix, string key)
        => prefix.Length == 0 ? key : key.Length == 0 ? prefix : prefix + ":" + key;

    public static string[] Split(string path) => path.Length == 0 ? Array.Empty<string>() : path.Split(Delimiter);

    /// <summary>Whether a segment is an array index (the provider turns array elements into "0", "1", ...).</summary>
    public static bool IsIndex(string segment)
    {
        if (segment.Length == 0)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The last segment that is not an array index: <c>ApiKeys:0</c> is named <c>ApiKeys</c>.</summary>
    public static string NameOf(string path)
    {
        var segments = Split(path);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (!IsIndex(segments[i]))
            {
                return segments[i];
            }
        }

        return string.Empty;
    }

    /// <summary>The name of the nearest container above the value's name, or an empty string.</summary>
    public static string ParentNameOf(string path)
    {
        var segments = Split(path);
        var seenName = false;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (IsIndex(segments[i]))
            {
                continue;
            }

            if (seenName)
            {
                return segments[i];
            }

            seenName = true;
        }

        return string.Empty;
    }

    /// <summary>Whether the value's own name is an array index (an element of a list such as <c>ApiKeys:0</c>).</summary>
    public static bool EndsWithIndex(string path)
    {
        var last = path.LastIndexOf(Delimiter);
        return IsIndex(last < 0 ? path : path.Substring(last + 1));
    }

    public static bool FirstSegmentIs(string path, string name)
        => path.StartsWith(name, StringComparison.OrdinalIgnoreCase)
           && (path.Length == name.Length || path[name.Length] == Delimiter);
}
