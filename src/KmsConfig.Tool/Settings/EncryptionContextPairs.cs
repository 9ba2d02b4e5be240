namespace KmsConfig.Tool.Settings;

/// <summary>Parses <c>--context k=v</c> options into an encryption context.</summary>
internal static class EncryptionContextPairs
{
    /// <summary>KmsConfig adds <c>kmsconfig=v1</c> to every data key itself; users may not set that key.</summary>
    public const string ReservedKey = EncryptedValues.PurposeContextKey;

    /// <summary>Returns the problem with one <c>k=v</c> token, or <see langword="null"/> when it is valid.</summary>
    public static string? Validate(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == token.Length - 1)
        {
            return Messages.ContextPairMalformed(token);
        }

        if (string.IsNullOrWhiteSpace(token[..equals]))
        {
            return Messages.ContextKeyBlank(token);
        }

        return string.Equals(token[..equals].Trim(), ReservedKey, StringComparison.OrdinalIgnoreCase)
            ? Messages.ContextKeyReserved(ReservedKey)
            : null;
    }

    /// <summary>
    /// Returns the problem with a key given twice among valid <c>k=v</c> tokens, or <see langword="null"/>. Keys that differ
    /// only in case count as the same: KMS would take both, but the section is read through <c>IConfiguration</c>, whose
    /// keys ignore case, so the provider could not load a file that holds both.
    /// </summary>
    public static string? FindRepeatedKey(IEnumerable<string> tokens)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens)
        {
            var key = token[..token.IndexOf('=', StringComparison.Ordinal)].Trim();
            if (seen.TryGetValue(key, out var earlier))
            {
                return string.Equals(earlier, key, StringComparison.Ordinal) ? Messages.ContextKeyTwice(key) : Messages.ContextKeysCollide(earlier, key);
            }

            seen.Add(key, key);
        }

        return null;
    }

    /// <summary>Turns the tokens into a context; a key given twice (also in another case) is a usage error.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string>? tokens)
    {
        var list = tokens?.ToList() ?? [];
        if ((list.Select(Validate).FirstOrDefault(p => p is not null) ?? FindRepeatedKey(list)) is { } problem)
        {
            throw new ToolException(ExitCodes.Usage, problem);
        }

        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in list)
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            context[token[..equals].Trim()] = token[(equals + 1)..];
        }

        return context;
    }

    /// <summary>Formats a context as <c>app=orders, env=prod</c> for messages (context values are not secret).</summary>
    public static string Describe(IReadOnlyDictionary<string, string> context) =>
        context.Count == 0 ? "no encryption context" : string.Join(", ", context.Select(p => p.Key + "=" + p.Value));

    public static bool AreEqual(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var value) && value == p.Value);
}
