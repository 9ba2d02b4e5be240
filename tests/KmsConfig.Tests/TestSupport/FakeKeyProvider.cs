using System.Collections.Concurrent;
using System.Security.Cryptography;
using KmsConfig.Format;
using KmsConfig.KeyProviders;

namespace KmsConfig.Tests.TestSupport;

/// <summary>
/// An in-memory AWS-kind key provider behind the project's own interface: it "wraps" by XOR with a fixed mask,
/// records what it handed out, and measures how many requests run at once.
/// </summary>
internal sealed class FakeKeyProvider : IKeyProvider
{
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/fake";

    private static readonly byte[] Mask = RandomNumberGenerator.GetBytes(32);
    private int _inFlight;
    private int _maxInFlight;

    public KeyProviderKind Kind => KeyProviderKind.AwsKms;

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(20);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int DecryptCalls;

    public ConcurrentBag<byte[]> HandedOutPlaintexts { get; } = [];

    public ConcurrentQueue<string?> RequestedKeyIds { get; } = [];

    public Task<GeneratedDataKey> GenerateDataKeyAsync(string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return Task.FromResult(new GeneratedDataKey(key, Xor(key), KeyArn));
    }

    public async Task<DecryptedBlob> DecryptAsync(string? keyId, string? recordedKeyId, byte[] blob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref DecryptCalls);
        RequestedKeyIds.Enqueue(keyId);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            await Task.Delay(Latency, cancellationToken);
            var plaintext = Xor(blob);
            HandedOutPlaintexts.Add(plaintext);
            return new DecryptedBlob(plaintext, keyId ?? KeyArn);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static byte[] Xor(byte[] input) => input.Select((b, i) => (byte)(b ^ Mask[i % Mask.Length])).ToArray();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
