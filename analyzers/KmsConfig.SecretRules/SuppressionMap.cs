using System;
using System.Collections.Generic;

namespace KmsConfig.SecretRules;

/// <summary>
/// The <c>// kmsconfig:allow [KMS1001,KMS1004] reason</c> comments of a settings file. A comment allows findings on its
/// own line, and, when nothing but the comment is on its last line, on the line below it. Without ids it allows every rule.
/// KMS1001 and KMS1003 are one finding (a plaintext secret) under the id that depends on whether code binds the key, which
/// the tool's <c>check</c> verb cannot see; allowing either id allows the finding under both.
/// </summary>
internal sealed class SuppressionMap
{
    internal const string Marker = "kmsconfig:allow";

    // line -> allowed ids; a null set means every id.
    private readonly Dictionary<int, HashSet<string>?> _allowedByLine = new Dictionary<int, HashSet<string>?>();

    /// <summary>Records a comment spanning <paramref name="startLine"/>..<paramref name="endLine"/>.</summary>
    internal void AddComment(string commentText, int startLine, int endLine, bool aloneOnEndLine)
    {
        var index = commentText.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return;
        }

        var ids = ParseIds(commentText.Substring(index + Marker.Length));
        for (var line = startLine; line <= endLine; line++)
        {
            Allow(line, ids);
        }

        if (aloneOnEndLine)
        {
            Allow(endLine + 1, ids);
        }
    }

    /// <summary>Whether a finding of <paramref name="ruleId"/> on the 1-based <paramref name="line"/> is allowed.</summary>
    public bool IsAllowed(int line, string ruleId)
        => _allowedByLine.TryGetValue(line, out var ids)
           && (ids is null || ids.Contains(ruleId) || (IsPlaintextSecretId(ruleId) && (ids.Contains(DiagnosticIds.PlaintextSecretAtBoundKey) || ids.Contains(DiagnosticIds.PlaintextSecretInSettings))));

    private static bool IsPlaintextSecretId(string ruleId)
        => string.Equals(ruleId, DiagnosticIds.PlaintextSecretAtBoundKey, StringComparison.OrdinalIgnoreCase)
           || string.Equals(ruleId, DiagnosticIds.PlaintextSecretInSettings, StringComparison.OrdinalIgnoreCase);

    private void Allow(int line, HashSet<string>? ids)
    {
        if (_allowedByLine.TryGetValue(line, out var existing))
        {
            if (existing is null || ids is null)
            {
                _allowedByLine[line] = null;
            }
            else
            {
                existing.UnionWith(ids);
            }
        }
        else
        {
            _allowedByLine[line] = ids is null ? null : new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        }
    }

    // Ids follow the marker directly ("kmsconfig:allow KMS1001, KMS1004 test fixture"); the first word that is not an id
    // starts the free-text reason.
    private static HashSet<string>? ParseIds(string rest)
    {
        HashSet<string>? ids = null;
        var words = rest.Split(new[] { ' ', '\t', ',', '*', '/' }, StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (word.Length == 7 && word.StartsWith("KMS", StringComparison.OrdinalIgnoreCase) && IsDigits(word, 3))
            {
                ids ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                ids.Add(word.ToUpperInvariant());
            }
            else
            {
                break;
            }
        }

        return ids;
    }

    private static bool IsDigits(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }
}
