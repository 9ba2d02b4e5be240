using System.Diagnostics;
using System.Globalization;
using System.Text;
using KmsConfig.Format;
using KmsConfig.Testing;
using KmsConfig.Tests.Format;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Xunit.Sdk;

namespace KmsConfig.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of encrypted values, loaded from a settings file by the provider. The documented test vectors
/// (<c>kms:v1:</c>, fixed keys and nonces) and raw ciphertexts of an in-process KMS (<c>kms:raw:</c>) are changed in
/// thousands of ways. A load gives the original plaintext only when the value is unchanged (for <c>kms:raw:</c>: when it
/// still spells the same blob), passes a value that no longer starts with <c>kms:</c> through as plain text, and
/// otherwise fails with an <see cref="InvalidDataException"/> around a <see cref="KmsConfigurationException"/> whose
/// message names the file and the key path and holds no plaintext and no 16 characters of the ciphertext. Never another
/// exception, never a hang. A failure names the seed and case; the run is the same every time.
/// </summary>
public sealed class ValueMutationFuzzTests : IDisposable
{
    private const string FileName = "appsettings.json";
    private const string RawKeyPath = "Api:Key";
    private const string RawPlaintext = "raw-secret;Password=Pa55word!fuzz";
    private const int WindowLength = 16;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);
    private static readonly Dictionary<string, string> RawContext = new(StringComparer.Ordinal) { ["app"] = "orders" };

    private readonly TempDirectory _directory = new();
    private readonly FakeKmsClient _kms = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_MutatedV1Value_GivesItsPlaintextOnlyUnchanged_ElseAClearError()
    {
        var outcomes = MutateV1Values(seed: 20_250_611, cases: 1_200, (c, keyDirectory, unchanged) => AssertLoad(c, keyDirectory, unchanged));

        AssertReached(outcomes, "passed through", "MalformedValue", "IntegrityCheckFailed", "EncryptionContextMismatch", "IncorrectKey", nameof(FormatException));
    }

    // AddKmsDecryption reads values from any source (environment variables, here an in-memory one), with no JSON in
    // between: a mutated value reaches the decryptor as it is, lone surrogates included.
    [Fact]
    public void AddKmsDecryption_MutatedV1Value_GivesItsPlaintextOnlyUnchanged_ElseAClearError()
    {
        var outcomes = MutateV1Values(seed: 77_003, cases: 1_200, AssertDecryption);

        AssertReached(outcomes, "plaintext", "passed through", "MalformedValue", "IntegrityCheckFailed", "EncryptionContextMismatch", "IncorrectKey");
    }

    /// <summary>
    /// Mutates the test vectors' values (half the cases with the vector's key id required) and checks each case with
    /// <paramref name="check"/>, given the case, the key directory and whether the value is unchanged; counts the outcomes.
    /// </summary>
    private Dictionary<string, int> MutateV1Values(int seed, int cases, Func<Case, string, bool, string> check)
    {
        var vectors = TestVector.ReadAll();
        var keyDirectory = WriteVectorKeys(vectors);
        var mutator = new ValueMutator(EncryptedValue.V1Prefix, Base64UrlAlphabet, text => Base64Url.TryDecode(text), bytes => Base64Url.Encode(bytes));
        var donors = vectors.Select(v => v.Value).ToList();
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < cases; i++)
        {
            var vector = vectors[i % vectors.Count];
            var (mutated, steps) = mutator.Mutate(random, vector.Value, donors);
            var keyId = random.Next(2) == 0 ? vector.KeyId : null;
            var c = new Case($"seed {seed}, case {i}: {steps}", vector.KeyPath, vector.Plaintext, vector.Value, mutated, vector.EncryptionContext, keyId);
            Count(outcomes, check(c, keyDirectory, mutated == vector.Value));
        }

        return outcomes;
    }

    [Fact]
    public void Load_V1ValueCutAtEveryLength_OrASegmentOfEveryByteLength_FailsWithAClearError()
    {
        var vectors = TestVector.ReadAll();
        var keyDirectory = WriteVectorKeys(vectors);
        foreach (var vector in vectors)
        {
            for (var length = 0; length < vector.Value.Length; length++)
            {
                AssertLoad(
                    new Case($"{vector.Name} cut to {length} chars", vector.KeyPath, vector.Plaintext, vector.Value, vector.Value[..length], vector.EncryptionContext, vector.KeyId),
                    keyDirectory,
                    loadsWhenUnchanged: false);
            }

            var parts = vector.Value[EncryptedValue.V1Prefix.Length..].Split(':');
            for (var index = 0; index < parts.Length; index++)
            {
                var bytes = Base64Url.TryDecode(parts[index])!;
                for (var length = 0; length <= bytes.Length + 3; length++)
                {
                    if (length == bytes.Length)
                    {
                        continue;
                    }

                    var resized = new byte[length];
                    bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(resized);
                    var changed = parts.ToArray();
                    changed[index] = Base64Url.Encode(resized);
                    AssertLoad(
                        new Case($"{vector.Name} segment {index} resized to {length} bytes", vector.KeyPath, vector.Plaintext, vector.Value, EncryptedValue.V1Prefix + string.Join(':', changed), vector.EncryptionContext, KeyId: null),
                        keyDirectory,
                        loadsWhenUnchanged: false);
                }
            }
        }
    }

    [Fact]
    public void Load_MutatedRawValue_GivesItsPlaintextOnlyForTheSameBlob_ElseAClearError()
    {
        const int Seed = 1_729;
        const int Cases = 1_500;
        var random = new Random(Seed);

        // Blobs of the three lengths modulo 3 (two, one and no '=' of padding), each for its own plaintext: a raw value
        // is not bound to its key path, so one whose text is another's decrypts, to that one's plaintext.
        var plaintexts = new[] { 151, 152, 153 }.ToDictionary(length => _kms.Encrypt(random, length, Encoding.UTF8.GetBytes(RawPlaintext + length), RawContext), length => RawPlaintext + length);
        var values = plaintexts.Keys.Select(b => EncryptedValue.RawPrefix + Convert.ToBase64String(b)).ToList();
        var mutator = new ValueMutator(EncryptedValue.RawPrefix, StandardAlphabet, Base64OrNull, Convert.ToBase64String);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var original = values[i % values.Count];
            var (mutated, steps) = mutator.Mutate(random, original, values);
            var keyId = random.Next(2) == 0 ? FakeKmsClient.KeyArn : null;
            var spelled = ReferenceRawBlob(mutated) is { } blob ? plaintexts.FirstOrDefault(p => p.Key.AsSpan().SequenceEqual(blob)).Value : null;
            Count(outcomes, AssertLoad(
                new Case($"seed {Seed}, case {i}: {steps}", RawKeyPath, spelled ?? plaintexts.Values.ElementAt(i % values.Count), original, mutated, RawContext, keyId),
                keyDirectory: _directory.Path,
                loadsWhenUnchanged: spelled is not null));
        }

        AssertReached(outcomes, "plaintext", "passed through", "MalformedValue", "EncryptionContextMismatch", nameof(FormatException));
    }

    private static void Count(Dictionary<string, int> outcomes, string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string StandardAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Loads the case's file and checks the outcome; returns it in a word (a reason, or how it loaded).</summary>
    private string AssertLoad(Case c, string keyDirectory, bool loadsWhenUnchanged)
    {
        File.WriteAllText(_directory.File(FileName), Settings(c));
        string? loaded = null;
        Exception? error = null;
        try
        {
            loaded = TimeBound.Run(() => Load(keyDirectory)[c.KeyPath], CaseLimit, c.Describe);
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            error = ex;
        }

        if (error is null)
        {
            if (loadsWhenUnchanged)
            {
                Assert.True(c.Plaintext == loaded, $"The unchanged value did not load its plaintext: {c.Describe()}");
                return "plaintext";
            }
            else if (!c.Mutated.StartsWith(EncryptedValue.AnyPrefix, StringComparison.Ordinal))
            {
                Assert.True(c.Mutated == loaded, $"A value without the 'kms:' prefix did not pass through as it is: {c.Describe()}");
                return "passed through";
            }

            Assert.Fail($"A changed 'kms:' value loaded (as {(loaded == c.Plaintext ? "the original plaintext" : "other text")}): {c.Describe()}");
        }

        if (!ByteMutator.IsWellFormedText(c.Mutated))
        {
            // Half a surrogate pair cannot be read from JSON as a string at all: the file does not parse, before any
            // value is looked at, so the error is the JSON provider's, and says where.
            Assert.True(
                error is InvalidDataException { InnerException: FormatException parse } && parse.Message.Contains("line ", StringComparison.Ordinal) && error.Message.Contains(FileName, StringComparison.Ordinal),
                $"Expected InvalidDataException around FormatException naming the line, got {error.GetType().Name} around {error.InnerException?.GetType().Name ?? "nothing"} ('{error.InnerException?.Message ?? error.Message}'): {c.Describe()}");
            AssertNoSecret(error, c);
            return nameof(FormatException);
        }

        Assert.True(
            error is InvalidDataException { InnerException: KmsConfigurationException },
            $"Expected InvalidDataException around KmsConfigurationException, got {error.GetType().Name} around {error.InnerException?.GetType().Name ?? "nothing"} ('{error.InnerException?.Message ?? error.Message}'): {c.Describe()}");
        var inner = (KmsConfigurationException)error.InnerException!;
        Assert.True(
            inner.Message.Contains($"'{FileName}'", StringComparison.Ordinal) && inner.Message.Contains($"'{c.KeyPath}'", StringComparison.Ordinal),
            $"The message does not name the file and the key path ('{inner.Message}'): {c.Describe()}");
        Assert.True(inner.FilePath == FileName && string.Equals(inner.KeyPath, c.KeyPath, StringComparison.OrdinalIgnoreCase), $"FilePath '{inner.FilePath}', KeyPath '{inner.KeyPath}': {c.Describe()}");
        AssertNoSecret(error, c);
        return inner.Reason.ToString();
    }

    /// <summary>Decrypts the case's value from an in-memory source with <c>AddKmsDecryption()</c> and checks the outcome.</summary>
    private static string AssertDecryption(Case c, string keyDirectory, bool loadsWhenUnchanged)
    {
        string? loaded = null;
        Exception? error = null;
        try
        {
            loaded = TimeBound.Run(
                () => new ConfigurationBuilder()
                    .AddInMemoryCollection([new KeyValuePair<string, string?>(c.KeyPath, c.Mutated)])
                    .AddKmsDecryption(source =>
                    {
                        source.LocalKeyDirectory = keyDirectory;
                        source.KeyId = c.KeyId;
                        foreach (var (name, value) in c.Context)
                        {
                            source.EncryptionContext[name] = value;
                        }
                    })
                    .Build()[c.KeyPath],
                CaseLimit,
                c.Describe);
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            error = ex;
        }

        if (error is null)
        {
            if (loadsWhenUnchanged)
            {
                Assert.True(c.Plaintext == loaded, $"The unchanged value did not decrypt to its plaintext: {c.Describe()}");
                return "plaintext";
            }

            Assert.True(
                !c.Mutated.StartsWith(EncryptedValue.AnyPrefix, StringComparison.Ordinal) && c.Mutated == loaded,
                $"A changed 'kms:' value decrypted, or a value without the prefix did not pass through: {c.Describe()}");
            return "passed through";
        }

        // No file here: the exception is the KmsConfigurationException itself (README, AddKmsDecryption).
        var failure = Assert.IsType<KmsConfigurationException>(error, exactMatch: false);
        Assert.True(
            failure.Message.Contains($"'{c.KeyPath}'", StringComparison.Ordinal) && string.Equals(failure.KeyPath, c.KeyPath, StringComparison.OrdinalIgnoreCase),
            $"The message does not name the key path ('{failure.Message}'): {c.Describe()}");
        AssertNoSecret(error, c);
        return failure.Reason.ToString();
    }

    /// <summary>The mutations reached every layer: the parser, the key checks and the cryptography, not only the first.</summary>
    private static void AssertReached(Dictionary<string, int> outcomes, params string[] expected)
    {
        foreach (var outcome in expected)
        {
            Assert.True(outcomes.GetValueOrDefault(outcome) > 0, $"No case ended as {outcome}: {string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}"))}");
        }
    }

    /// <summary>No exception message of the chain holds the plaintext, or 16 characters in a row of either ciphertext.</summary>
    private static void AssertNoSecret(Exception error, Case c)
    {
        var text = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message);
        }

        var messages = text.ToString();
        foreach (var secret in new[] { c.Plaintext, c.Original, c.Mutated })
        {
            for (var i = 0; i + WindowLength <= secret.Length; i++)
            {
                if (messages.AsSpan().IndexOf(secret.AsSpan(i, WindowLength), StringComparison.Ordinal) >= 0)
                {
                    Assert.Fail($"The error quotes '{secret.Substring(i, WindowLength)}' of a secret ('{messages}'): {c.Describe()}");
                }
            }
        }
    }

    private IConfigurationRoot Load(string keyDirectory) => new ConfigurationBuilder()
        .SetBasePath(_directory.Path)
        .AddKmsEncryptedJson(FileName, source =>
        {
            source.LocalKeyDirectory = keyDirectory;
            source.KmsClient = _kms;
            source.KmsTimeout = TimeSpan.FromSeconds(3);
        })
        .Build();

    private string WriteVectorKeys(IReadOnlyList<TestVector> vectors)
    {
        var keyDirectory = _directory.File("keys");
        foreach (var vector in vectors)
        {
            Assert.Equal(vector.Value, vector.Compute(keyDirectory));
        }

        return keyDirectory;
    }

    /// <summary>The settings file: a KmsConfig section, then the value nested at its key path ("0" is an array's first element).</summary>
    private static string Settings(Case c)
    {
        var section = new StringBuilder("  \"KmsConfig\": { ");
        if (c.KeyId is not null)
        {
            section.Append("\"KeyId\": ").Append(Json(c.KeyId)).Append(", ");
        }

        section.Append("\"EncryptionContext\": { ").Append(string.Join(", ", c.Context.Select(p => Json(p.Key) + ": " + Json(p.Value)))).Append(" } }");
        var segments = c.KeyPath.Split(':');
        return "{\n" + section + ",\n  " + Json(segments[0]) + ": " + Nest(segments, 1, c.Mutated) + "\n}\n";

        static string Nest(string[] segments, int index, string value) =>
            index == segments.Length ? Json(value)
            : segments[index] == "0" ? "[ " + Nest(segments, index + 1, value) + " ]"
            : "{ " + Json(segments[index]) + ": " + Nest(segments, index + 1, value) + " }";
    }

    /// <summary>A JSON string literal with every character outside printable ASCII escaped, lone surrogates included.</summary>
    private static string Json(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var ch in text)
        {
            builder.Append(ch is '"' or '\\' ? "\\" + ch : ch is >= ' ' and < '\x7f' ? ch.ToString() : "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture));
        }

        return builder.Append('"').ToString();
    }

    private static byte[]? Base64OrNull(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>
    /// The blob a <c>kms:raw:</c> value spells, decoded here independently of the product: standard base64 or base64url,
    /// padded or not (docs/format.md), with surrounding whitespace and line breaks inside ignored; <see langword="null"/>
    /// for any other text. Unused low bits are ignored, as base64 decoders do.
    /// </summary>
    private static byte[]? ReferenceRawBlob(string value)
    {
        if (!value.StartsWith(EncryptedValue.RawPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var sextets = new List<int>();
        var padding = 0;
        foreach (var ch in value[EncryptedValue.RawPrefix.Length..].Trim())
        {
            if (ch is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (ch == '=')
            {
                padding++;
                continue;
            }

            var sextet = ch switch
            {
                >= 'A' and <= 'Z' => ch - 'A',
                >= 'a' and <= 'z' => ch - 'a' + 26,
                >= '0' and <= '9' => ch - '0' + 52,
                '+' or '-' => 62,
                '/' or '_' => 63,
                _ => -1,
            };
            if (sextet < 0 || padding > 0)
            {
                return null;
            }

            sextets.Add(sextet);
        }

        if (padding > 2 || sextets.Count % 4 == 1 || sextets.Count == 0)
        {
            return null;
        }

        var bytes = new List<byte>();
        var buffer = 0;
        var bits = 0;
        foreach (var sextet in sextets)
        {
            buffer = (buffer << 6) | sextet;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return bytes.ToArray();
    }

    private sealed record Case(string Name, string KeyPath, string Plaintext, string Original, string Mutated, IReadOnlyDictionary<string, string> Context, string? KeyId)
    {
        public string Describe() => $"{Name}; value '{Mutated}'" + (KeyId is null ? string.Empty : $"; file KeyId '{KeyId}'");
    }
}
