using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using KmsConfig.Analyzers.Binding;
using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Settings;

/// <summary>
/// The secrets of one compilation, indexed by their first key segment so that a binding is only matched against
/// secrets it can reach, and the set of secrets some binding reached.
/// </summary>
internal sealed class SecretBindings
{
    private readonly Dictionary<string, List<SecretValue>> _byFirstSegment = new Dictionary<string, List<SecretValue>>(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _segments = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<SecretValue, bool> _bound = new ConcurrentDictionary<SecretValue, bool>();
    private volatile bool _everythingBound;

    public SecretBindings(List<SecretValue> secrets)
    {
        Secrets = secrets;
        foreach (var secret in secrets)
        {
            var first = secret.Segments.Length == 0 ? string.Empty : secret.Segments[0];
            if (!_byFirstSegment.TryGetValue(first, out var list))
            {
                _byFirstSegment[first] = list = new List<SecretValue>();
            }

            list.Add(secret);
            _segments.UnionWith(secret.Segments);
        }
    }

    public List<SecretValue> Secrets { get; }

    /// <summary>Whether some secret's path has the segment <paramref name="segment"/> (ignoring case).</summary>
    public bool HasSegment(string segment) => _segments.Contains(segment);

    public IEnumerable<SecretValue> Candidates(ConfigurationBinding binding)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in binding.Keys)
        {
            if (key.Segments.Count == 0 || key.Segments[0] == KeyPattern.AnySegment)
            {
                // A pattern that starts anywhere can reach every secret.
                return Secrets;
            }

            seen.Add(key.Segments[0]);
        }

        var candidates = new List<SecretValue>();
        foreach (var first in seen)
        {
            if (_byFirstSegment.TryGetValue(first, out var list))
            {
                candidates.AddRange(list);
            }
        }

        return candidates;
    }

    /// <summary>
    /// Whether a read whose syntax uses the constant keys <paramref name="keys"/> may reach a secret. Each key is part of
    /// the path the read resolves to, so when every key has a segment that no secret's path has, no secret can match.
    /// No keys (a read through a local, a constant or the root) may reach anything.
    /// </summary>
    public bool MayReach(List<string> keys)
    {
        if (keys.Count == 0)
        {
            return true;
        }

        foreach (var key in keys)
        {
            var reachable = true;
            foreach (var segment in KeyPaths.Split(key))
            {
                reachable &= _segments.Contains(segment);
            }

            if (reachable)
            {
                return true;
            }
        }

        return false;
    }

    public void Bind(SecretValue secret) => _bound[secret] = true;

    public void BindEverything() => _everythingBound = true;

    public bool IsBound(SecretValue secret) => _everythingBound || _bound.ContainsKey(secret);
}
