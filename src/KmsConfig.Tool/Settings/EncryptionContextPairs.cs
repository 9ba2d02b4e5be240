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

        return string.Equals(token[..equals].Trim(), ReservedKey, StringComparison.OrdinalIgnoreCase)
            ? Messages.ContextKeyReserved(ReservedKey)
            : null;
    }

    /// <summary>Turns the tokens into a context; a key given twice is a usage error.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string>? tokens)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in tokens ?? [])
        {
            if (Validate(token) is { } problem)
            {
                throw new ToolException(ExitCodes.Usage, problem);
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = token[..equals].Trim();
            if (!context.TryAdd(key, token[(equals + 1)..]))
            {
                throw new ToolException(ExitCodes.Usage, Messages.ContextKeyTwice(key));
            }
        }

        return context;
    }

    /// <summary>Formats a context as <c>app=orders, env=prod</c> for messages (context values are not secret).</summary>
    public static string Describe(IReadOnlyDictionary<string, string> context) =>
        context.Count == 0 ? "no encryption context" : string.Join(", ", context.Select(p => p.Key + "=" + p.Value));

    public static bool AreEqual(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var value) && value == p.Value);
}
