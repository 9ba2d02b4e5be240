using System.Text;

namespace KmsConfig.Testing;

/// <summary>
/// Seeded byte-level mutations for the fuzz tests. Every choice comes from the caller's <see cref="Random"/>, so a seed
/// and a case number name one input exactly, and a failing case can be replayed.
/// </summary>
public static class ByteMutator
{
    // Bytes and fragments that matter to a JSON settings reader: structure, comments, escapes, numbers, the kms: prefix,
    // byte order marks and invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong form, 0xFF).
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ",", ":", "/", "*", "\\", "\n", "\r", "\r\n", "\t", " ", "//", "/*", "*/", "\\u",
            "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\x", "null", "true", "-", "0", "01", "1e999", "-0.0e-0",
            "123456789012345678901234567890", "kms:", "kms:v1:", "kms:raw:", "\u00a0", "\u2028", "é", "😀", "\"\":", "[[[[", "{{{{",
        }.Select(Encoding.UTF8.GetBytes),
        [0xEF, 0xBB, 0xBF],
        [0xFF, 0xFE],
        [0x80],
        [0xC3],
        [0xE2, 0x82],
        [0xC0, 0xAF],
        [0xED, 0xA0, 0x80],
        [0xFF],
        [0x00],
    ];

    /// <summary>Applies one to <paramref name="maxSteps"/> random mutations to a copy of <paramref name="input"/>.</summary>
    /// <param name="random">The seeded source of every choice.</param>
    /// <param name="input">The bytes to start from; not changed.</param>
    /// <param name="maxSteps">The most mutations stacked on one another.</param>
    /// <returns>The mutated bytes and the steps taken, for the failure message of a case.</returns>
    public static (byte[] Bytes, string Steps) Mutate(Random random, byte[] input, int maxSteps = 3)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(input);
        var bytes = new List<byte>(input);
        var steps = new List<string>();
        for (var step = random.Next(1, maxSteps + 1); step > 0; step--)
        {
            steps.Add(MutateOnce(random, bytes));
        }

        return (bytes.ToArray(), string.Join(", ", steps));
    }

    private static string MutateOnce(Random random, List<byte> bytes)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                at = Math.Min(at, bytes.Count - 1);
                bytes.RemoveAt(at);
                return $"delete byte {at}";
            case 1:
                var value = (byte)random.Next(256);
                bytes.Insert(at, value);
                return $"insert 0x{value:X2} at {at}";
            case 2 when bytes.Count > 0:
                at = Math.Min(at, bytes.Count - 1);
                var flipped = (byte)(bytes[at] ^ (1 << random.Next(8)));
                bytes[at] = flipped;
                return $"set byte {at} to 0x{flipped:X2}";
            case 3:
                var token = Tokens[random.Next(Tokens.Length)];
                bytes.InsertRange(at, token);
                return $"insert '{Describe(token)}' at {at}";
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"truncate to {at}";
            case 5 when bytes.Count > 0:
                at = Math.Min(at, bytes.Count - 1);
                var length = Math.Min(random.Next(1, 24), bytes.Count - at);
                bytes.RemoveRange(at, length);
                return $"delete {length} bytes at {at}";
            case 6 when bytes.Count > 0:
                at = Math.Min(at, bytes.Count - 1);
                var count = Math.Min(random.Next(1, 40), bytes.Count - at);
                var copyTo = random.Next(bytes.Count + 1);
                bytes.InsertRange(copyTo, bytes.GetRange(at, count));
                return $"copy {count} bytes from {at} to {copyTo}";
            case 7 when bytes.Count > 1:
                var a = random.Next(bytes.Count);
                var b = random.Next(bytes.Count);
                (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
                return $"swap bytes {a} and {b}";
            default:
                var replacement = Tokens[random.Next(Tokens.Length)];
                if (bytes.Count > 0)
                {
                    at = Math.Min(at, bytes.Count - 1);
                    bytes.RemoveAt(at);
                }

                bytes.InsertRange(at, replacement);
                return $"replace byte {at} with '{Describe(replacement)}'";
        }
    }

    private static string Describe(byte[] token) => string.Concat(token.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));

    /// <summary>
    /// Whether <paramref name="text"/> pairs every UTF-16 surrogate; a lone one (from a mutated <c>\ud800</c> escape)
    /// cannot be written back as UTF-8, so such a case is judged by its parse error instead.
    /// </summary>
    public static bool IsWellFormedText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
