namespace KmsConfig.Tests.Fuzz;

/// <summary>
/// Seeded text mutations of an encrypted value (<c>kms:v1:</c> or <c>kms:raw:</c>): character flips, substitutions with
/// characters outside base64 (Unicode, whitespace, separators), insertions, deletions, truncation, doubled separators,
/// swapped and borrowed segments, other prefixes, and byte-level flips and truncations of a decoded segment written back
/// in canonical form (which reach the cryptography instead of the parser).
/// </summary>
internal sealed class ValueMutator(string prefix, string alphabet, Func<string, byte[]?> decode, Func<byte[], string> encode)
{
    private static readonly string[] Foreign =
    [
        " ", "\t", "\n", "\r", "\0", "+", "/", "=", "==", "%", ".", "\"", "\\", "'", ":", "é", "✓", "\u00a0", "\u200b",
        "\ufeff", "😀", "\ud800", "\udfff", "Ａ", "٣", "\u0130", "\u212a", "kms:", "kms:v1:",
    ];

    private static readonly string[] Prefixes =
    [
        "kms:v2:", "kms:V1:", "KMS:v1:", "kms:raw:", "kms:v1:", "kms:v1", "kms:v1::", "kms:", "kms:v1:kms:v1:", " kms:v1:",
        "kms:v10:", "kms:raw", "kms:raw::", "kms:RAW:", "kms:raw: ", "kms:\u0076\u0031:", "kms:v\u0661:",
    ];

    public (string Value, string Steps) Mutate(Random random, string value, IReadOnlyList<string> donors)
    {
        var steps = new List<string>();
        for (var count = random.Next(1, 4); count > 0; count--)
        {
            string step;
            (value, step) = MutateOnce(random, value, donors);
            steps.Add(step);
        }

        return (value, string.Join("; ", steps));
    }

    private (string Value, string Step) MutateOnce(Random random, string value, IReadOnlyList<string> donors)
    {
        var start = value.StartsWith(prefix, StringComparison.Ordinal) ? prefix.Length : 0;
        var body = value[start..];
        var head = value[..start];
        var at = start + random.Next(body.Length + 1);
        var inside = Math.Min(at, value.Length - 1);
        switch (random.Next(17))
        {
            case 0 when inside >= 0:
                var flipped = (char)(value[inside] ^ (1 << random.Next(7)));
                return (Replace(value, inside, flipped.ToString()), $"flip char {inside} to U+{(int)flipped:X4}");
            case 1 when inside >= 0:
                var letter = alphabet[random.Next(alphabet.Length)];
                return (Replace(value, inside, letter.ToString()), $"set char {inside} to '{letter}'");
            case 2 when inside >= 0:
                var foreign = Foreign[random.Next(Foreign.Length)];
                return (Replace(value, inside, foreign), $"set char {inside} to {Show(foreign)}");
            case 3:
                var inserted = random.Next(2) == 0 ? alphabet[random.Next(alphabet.Length)].ToString() : Foreign[random.Next(Foreign.Length)];
                return (value.Insert(at, inserted), $"insert {Show(inserted)} at {at}");
            case 4 when inside >= 0:
                return (value.Remove(inside, 1), $"delete char {inside}");
            case 5 when inside >= 0:
                var length = Math.Min(random.Next(1, 24), value.Length - inside);
                return (value.Remove(inside, length), $"delete {length} chars at {inside}");
            case 6:
                var cut = random.Next(value.Length + 1);
                return (value[..cut], $"truncate to {cut}");
            case 7:
                var separator = body.IndexOf(':', random.Next(body.Length + 1));
                return separator < 0
                    ? (value.Insert(at, ":"), $"insert ':' at {at}")
                    : (value.Insert(start + separator, ":"), $"double the ':' at {start + separator}");
            case 8:
                var parts = body.Split(':');
                if (parts.Length < 2)
                {
                    return (head + body + ":" + body, "repeat the body after a ':'");
                }

                var (a, b) = (random.Next(parts.Length), random.Next(parts.Length));
                (parts[a], parts[b]) = (parts[b], parts[a]);
                return (head + string.Join(':', parts), $"swap segments {a} and {b}");
            case 9:
                var donor = donors[random.Next(donors.Count)];
                var donorParts = donor[Math.Min(prefix.Length, donor.Length)..].Split(':');
                var own = body.Split(':');
                var index = random.Next(own.Length);
                own[index] = donorParts[Math.Min(index, donorParts.Length - 1)];
                return (head + string.Join(':', own), $"take segment {index} from another value");
            case 10:
                var list = body.Split(':').ToList();
                var pick = random.Next(list.Count);
                if (random.Next(2) == 0 || list.Count == 1)
                {
                    list.Insert(pick, list[pick]);
                    return (head + string.Join(':', list), $"duplicate segment {pick}");
                }

                list.RemoveAt(pick);
                return (head + string.Join(':', list), $"drop segment {pick}");
            case 11 when inside >= 0 && char.IsLetter(value[inside]):
                var toggled = char.IsUpper(value[inside]) ? char.ToLowerInvariant(value[inside]) : char.ToUpperInvariant(value[inside]);
                return (Replace(value, inside, toggled.ToString()), $"toggle the case of char {inside}");
            case 12:
                var other = Prefixes[random.Next(Prefixes.Length)];
                return (other + body, $"prefix {Show(other)}");
            case 13:
                var junk = random.Next(3) switch
                {
                    0 => new string(Enumerable.Range(0, random.Next(1, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()),
                    1 => "=",
                    _ => ":" + body.Split(':')[^1],
                };
                return (value + junk, $"append {Show(junk)}");
            case 14:
                return MutateDecoded(random, head, body, flip: true);
            case 15:
                return MutateDecoded(random, head, body, flip: false);
            default:
                var spelling = random.Next(5) switch
                {
                    0 => (head + body.Replace('-', '+').Replace('_', '/'), "standard alphabet"),
                    1 => (head + body.Replace('+', '-').Replace('/', '_'), "url alphabet"),
                    2 => (head + body.TrimEnd('='), "no padding"),
                    3 => (head + body + "==", "extra padding"),
                    _ => (head + " " + body + "\n", "surrounding whitespace"),
                };
                return (spelling.Item1, spelling.Item2);
        }
    }

    /// <summary>Changes the bytes a segment stands for and writes them back canonically: a bit flip, or a new length.</summary>
    private (string Value, string Step) MutateDecoded(Random random, string head, string body, bool flip)
    {
        var parts = body.Split(':');
        var index = random.Next(parts.Length);
        var bytes = decode(parts[index]);
        if (bytes is null)
        {
            return (head + body, $"segment {index} does not decode: unchanged");
        }

        string step;
        if (flip && bytes.Length > 0)
        {
            var bit = random.Next(bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            step = $"flip bit {bit} of segment {index}";
        }
        else
        {
            var length = random.Next(2) == 0 ? random.Next(bytes.Length + 1) : bytes.Length + random.Next(1, 4);
            var resized = new byte[length];
            bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(resized);
            bytes = resized;
            step = $"resize segment {index} to {length} bytes";
        }

        parts[index] = encode(bytes);
        return (head + string.Join(':', parts), step);
    }

    private static string Replace(string value, int index, string replacement) => value[..index] + replacement + value[(index + 1)..];

    private static string Show(string text) => "'" + string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}")) + "'";
}
