namespace KmsConfig.Format;

/// <summary>
/// Parses each distinct wrapped data key of a file once. Values of one encryption run share their wrapped key, so most
/// values match the previous one and cost a span comparison; any other key already seen is found by the hash of its
/// text. Neither allocates: only a wrapped key seen for the first time is copied and decoded.
/// </summary>
internal sealed class WrappedKeyLookup
{
    private readonly Dictionary<int, Entry> _byHash = [];
    private Entry? _last;

    /// <summary>Returns the wrapped key and its text (one shared string instance per distinct key), or <see langword="null"/> if it is not valid.</summary>
    public (string Text, WrappedDataKey Key)? Find(ReadOnlySpan<char> text)
    {
        if (_last is not null && text.SequenceEqual(_last.Text))
        {
            return (_last.Text, _last.Key!);
        }

        var hash = string.GetHashCode(text);
        _byHash.TryGetValue(hash, out var bucket);
        var entry = bucket;
        while (entry is not null && !text.SequenceEqual(entry.Text))
        {
            entry = entry.Next;
        }

        if (entry is null)
        {
            var candidate = text.ToString();
            var bytes = Base64Url.TryDecode(candidate);
            entry = new Entry(candidate, bytes is null ? null : WrappedDataKey.TryParse(bytes), bucket);
            _byHash[hash] = entry;
        }

        if (entry.Key is null)
        {
            return null;
        }

        _last = entry;
        return (entry.Text, entry.Key);
    }

    private sealed class Entry(string text, WrappedDataKey? key, Entry? next)
    {
        public string Text { get; } = text;

        public WrappedDataKey? Key { get; } = key;

        public Entry? Next { get; } = next;
    }
}
