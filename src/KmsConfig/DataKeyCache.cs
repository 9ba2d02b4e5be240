using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KmsConfig;

/// <summary>
/// Process-wide cache of unwrapped data keys, keyed by the wrapped key, the key the file requires, and the encryption
/// context it was unwrapped under. Several files written in one tool run, and reloads, then cost no further KMS requests. Entries expire and
/// are zeroed after <see cref="Lifetime"/>; callers always receive a copy, which they zero after use.
/// </summary>
internal static class DataKeyCache
{
    private static readonly ConcurrentDictionary<string, Entry> s_entries = new(StringComparer.Ordinal);
    private static readonly Timer s_sweeper = new(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    private static int s_sweeperStarted;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The cache key: the wrapped key, the key id KMS was (or will be) asked to decrypt with (the file's key; a cached key
    /// unwrapped without that constraint must not satisfy it), and the context. Every field is length-prefixed.
    /// </summary>
    public static string KeyFor(string wrappedKeyText, IReadOnlyDictionary<string, string> encryptionContext, string? requiredKeyId = null) =>
        wrappedKeyText + "|" + (requiredKeyId is null ? "-" : requiredKeyId.Length + ":" + requiredKeyId) + "|"
        + string.Join("|", encryptionContext.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key.Length + ":" + p.Key + "=" + p.Value.Length + ":" + p.Value));

    public static byte[]? TryGet(string key)
    {
        if (!s_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            if (entry.Key is null || entry.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                return null;
            }

            return (byte[])entry.Key.Clone();
        }
    }

    public static void Add(string key, ReadOnlySpan<byte> dataKey)
    {
        var entry = new Entry(dataKey.ToArray(), DateTimeOffset.UtcNow + Lifetime);
        s_entries.AddOrUpdate(key, entry, (_, old) =>
        {
            Expire(old);
            return entry;
        });

        if (Interlocked.Exchange(ref s_sweeperStarted, 1) == 0)
        {
            s_sweeper.Change(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public static void Clear()
    {
        foreach (var key in s_entries.Keys)
        {
            if (s_entries.TryRemove(key, out var entry))
            {
                Expire(entry);
            }
        }
    }

    private static void Sweep()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var pair in s_entries)
        {
            if (pair.Value.ExpiresAt <= now && s_entries.TryRemove(pair))
            {
                Expire(pair.Value);
            }
        }
    }

    private static void Expire(Entry entry)
    {
        lock (entry)
        {
            if (entry.Key is not null)
            {
                CryptographicOperations.ZeroMemory(entry.Key);
                entry.Key = null;
            }
        }
    }

    private sealed class Entry(byte[] key, DateTimeOffset expiresAt)
    {
        public byte[]? Key { get; set; } = key;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }
}
