namespace KmsConfig.Format;

/// <summary>
/// Parses each distinct wrapped data key of a file once. Values of one encryption run share their wrapped key, so most
/// values match the previous one and cost a span comparison instead of a decode and an allocation.
/// </summary>
internal sealed class WrappedKeyLookup
{
    private readonly Dictionary<string, (string Text, WrappedDataKey? Key)> _parsed = new(StringComparer.Ordinal);
    private string? _lastText;
    private WrappedDataKey? _lastKey;

    /// <summary>Returns the wrapped key and its text (one shared string instance per distinct key), or <see langword="null"/> if it is not valid.</summary>
    public (string Text, WrappedDataKey Key)? Find(ReadOnlySpan<char> text)
    {
        if (_lastText is not null && text.SequenceEqual(_lastText))
        {
            return (_lastText, _lastKey!);
        }

        var candidate = text.ToString();
        if (!_parsed.TryGetValue(candidate, out var entry))
        {
            var bytes = Base64Url.TryDecode(candidate);
            entry = (candidate, bytes is null ? null : WrappedDataKey.TryParse(bytes));
            _parsed[candidate] = entry;
        }

        if (entry.Key is null)
        {
            return null;
        }

        _lastText = entry.Text;
        _lastKey = entry.Key;
        return (entry.Text, entry.Key);
    }
}
