namespace KmsConfig.Tests.TestSupport;

/// <summary>Asserts that no secret material appears in text meant for people (messages, logs, ToString()).</summary>
public static class LeakAssert
{
    /// <summary>Fails if <paramref name="text"/> contains a plaintext, a whole ciphertext, or any ciphertext part of 12+ characters.</summary>
    public static void NoSecrets(string text, IEnumerable<string> plaintexts, IEnumerable<string> ciphertexts)
    {
        foreach (var plaintext in plaintexts)
        {
            Assert.DoesNotContain(plaintext, text, StringComparison.Ordinal);
        }

        foreach (var ciphertext in ciphertexts)
        {
            Assert.DoesNotContain(ciphertext, text, StringComparison.Ordinal);
            var body = ciphertext.StartsWith("kms:v1:", StringComparison.Ordinal) ? ciphertext["kms:v1:".Length..]
                : ciphertext.StartsWith("kms:raw:", StringComparison.Ordinal) ? ciphertext["kms:raw:".Length..]
                : ciphertext;
            foreach (var part in body.Split(':'))
            {
                // Any 12-character window of a part would identify it; check a few windows, not just the whole part.
                for (var start = 0; start + 12 <= part.Length; start += 12)
                {
                    Assert.DoesNotContain(part.Substring(start, 12), text, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>The full text of an exception chain as a person or log sink would see it.</summary>
    public static string Describe(Exception exception) => exception + Environment.NewLine + exception.Message;
}
