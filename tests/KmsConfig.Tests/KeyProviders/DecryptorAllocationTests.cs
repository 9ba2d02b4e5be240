using System.Security.Cryptography;
using KmsConfig.Format;

namespace KmsConfig.Tests.KeyProviders;

/// <summary>
/// The load path allocates, per value, the plaintext string and next to nothing else (issue 5). Allocation counts are
/// deterministic, unlike timings: N and 2N values are decrypted in place with the data key cached, on this thread, and
/// the difference per value is held to the result string plus a small allowance.
/// </summary>
public sealed class DecryptorAllocationTests
{
    private const int PlaintextLength = 32;

    // A string of 32 chars on 64-bit .NET: 8 (header) + 8 (method table) + 4 (length) + 2 * 33 (chars and terminator), rounded up to 8.
    private const long ResultStringBytes = 88;

    private const long AllowanceBytes = 32;

    private static readonly Dictionary<string, string> Context = new(StringComparer.Ordinal) { ["app"] = "orders" };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DecryptInPlace_WithTheDataKeysCached_AllocatesPerValueOnlyTheResultString(int dataKeys)
    {
        // Several data keys take turns value by value: the worst case for finding each value's key again.
        var keyArn = "arn:aws:kms:us-east-1:111122223333:key/" + Guid.NewGuid();
        var runs = Enumerable.Range(0, dataKeys).Select(_ =>
        {
            var dataKey = RandomNumberGenerator.GetBytes(EncryptedValue.DataKeySize);
            var wrapped = new WrappedDataKey(KeyProviderKind.AwsKms, keyArn, RandomNumberGenerator.GetBytes(184));
            var wrappedText = Base64Url.Encode(wrapped.ToBytes());
            DataKeyCache.Add(DataKeyCache.KeyFor(wrappedText, SettingsDecryptor.EnvelopeContext(Context, file: null)), dataKey);
            return (DataKey: dataKey, Wrapped: wrapped, Text: wrappedText);
        }).ToArray();
        var decryptor = new SettingsDecryptor(new KeyProviderOptions { KmsClientFactory = () => throw new InvalidOperationException("The data keys are cached: no KMS client.") });
        var settings = new DecryptionSettings { FilePath = "appsettings.json", EncryptionContext = Context, KeyId = keyArn };
        var plaintext = new string('p', PlaintextLength);

        Dictionary<string, string?> Values(int count)
        {
            var values = new Dictionary<string, string?>(count + 2, StringComparer.OrdinalIgnoreCase) { ["Logging:Level"] = "Information", ["Feature"] = null };
            for (var i = 0; i < count; i++)
            {
                var path = $"Secrets:S{i:D5}";
                var run = runs[i % runs.Length];
                values[path] = ValueCipher.Encrypt(run.DataKey, run.Wrapped, run.Text, path, plaintext).Format();
            }

            return values;
        }

        long Allocated(Dictionary<string, string?> values)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var decrypted = decryptor.DecryptInPlaceAsync(values, settings, CancellationToken.None);
            var after = GC.GetAllocatedBytesForCurrentThread();

            // Served by the cache, the whole decryption ran on this thread, so the counter saw all of it.
            Assert.True(decrypted.IsCompletedSuccessfully);
            Assert.Same(values, decrypted.Result.Values);
            Assert.All(values.Where(p => p.Key.StartsWith("Secrets:", StringComparison.Ordinal)), p => Assert.Equal(plaintext, p.Value));
            return after - before;
        }

        Allocated(Values(50)); // JIT and first-use allocations stay out of the measurement.
        const int n = 1000;
        var once = Allocated(Values(n));
        var twice = Allocated(Values(2 * n));
        var perValue = (twice - once) / (double)n;

        Assert.InRange(perValue, ResultStringBytes, ResultStringBytes + AllowanceBytes);
    }
}
