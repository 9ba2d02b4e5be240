using System.Text;
using System.Text.RegularExpressions;
using KmsConfig.Testing;
using KmsConfig.Tests.Format;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Xunit.Sdk;

namespace KmsConfig.Tests.Fuzz;

/// <summary>
/// Seeded byte-level mutation fuzzing of whole settings files (a KmsConfig section, comments, trailing commas, nested
/// arrays, encrypted and plain values) loaded by the provider. A load either succeeds, with no ciphertext and no
/// KmsConfig section left in the configuration, or fails with the file provider's <see cref="InvalidDataException"/>
/// naming the file, around the JSON provider's <see cref="FormatException"/> or a <see cref="KmsConfigurationException"/>
/// naming the file; never another exception, never a hang, and no message quotes a secret of the file.
/// </summary>
public sealed partial class MalformedJsonFuzzTests : IDisposable
{
    private const string FileName = "appsettings.json";
    private const string PlainSecret = "Pa55word!fuzz-plaintext";
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _directory = new();
    private readonly FakeKmsClient _kms = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_MutatedSettingsFile_LoadsWithoutCiphertext_OrFailsWithADocumentedErrorNamingTheFile()
    {
        const int Seed = 424_242;
        const int Cases = 1_200;
        var vector = TestVector.ReadAll()[0];
        var keyDirectory = _directory.File("keys");
        vector.Compute(keyDirectory);
        var random = new Random(Seed);
        var raw = "kms:raw:" + Convert.ToBase64String(_kms.Encrypt(random, 152, Encoding.UTF8.GetBytes("raw-" + PlainSecret), new Dictionary<string, string> { ["app"] = "orders", ["env"] = "prod" }));
        var secrets = new[] { vector.Plaintext, vector.Value, raw, PlainSecret };
        var files = new[] { Commented(vector.Value), Minified(vector.Value, raw) }.Select(Encoding.UTF8.GetBytes).ToList();
        foreach (var file in files)
        {
            // Unchanged, each file loads and decrypts.
            File.WriteAllBytes(_directory.File(FileName), file);
            Assert.Equal(vector.Plaintext, Load(keyDirectory)[vector.KeyPath]);
        }

        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (bytes, steps) = ByteMutator.Mutate(random, files[i % files.Count]);
            var name = $"seed {Seed}, case {i} (file {i % files.Count}): {steps}";
            File.WriteAllBytes(_directory.File(FileName), bytes);
            var outcome = AssertLoad(name, bytes, keyDirectory, secrets);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        foreach (var expected in new[] { "loaded", nameof(FormatException), nameof(KmsConfigurationErrorReason.MalformedValue), nameof(KmsConfigurationErrorReason.InvalidSettings) })
        {
            Assert.True(outcomes.GetValueOrDefault(expected) > 0, $"No case ended as {expected}: {string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}"))}");
        }
    }

    private string AssertLoad(string name, byte[] bytes, string keyDirectory, string[] secrets)
    {
        IConfigurationRoot? configuration = null;
        Exception? error = null;
        try
        {
            configuration = TimeBound.Run(() => Load(keyDirectory), CaseLimit, () => name);
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            error = ex;
        }

        if (configuration is not null)
        {
            foreach (var (key, value) in configuration.AsEnumerable())
            {
                Assert.False(value?.StartsWith("kms:", StringComparison.Ordinal) == true, $"'{key}' loaded as ciphertext: {name}");
                Assert.False(key.Equals("KmsConfig", StringComparison.OrdinalIgnoreCase) || key.StartsWith("KmsConfig:", StringComparison.OrdinalIgnoreCase), $"The KmsConfig section reached the configuration as '{key}': {name}");
            }

            return "loaded";
        }

        var message = Messages(error!);
        Assert.True(
            error is InvalidDataException { InnerException: FormatException or KmsConfigurationException } && error.Message.Contains(FileName, StringComparison.Ordinal),
            $"Expected InvalidDataException naming the file around FormatException or KmsConfigurationException, got {Describe(error!)}: {name}");
        var inner = error.InnerException!;
        Assert.False(string.IsNullOrWhiteSpace(inner.Message), $"Empty message: {name}");
        if (inner is KmsConfigurationException kms)
        {
            Assert.True(kms.Message.Contains($"'{FileName}'", StringComparison.Ordinal), $"The message does not name the file ('{kms.Message}'): {name}");
        }

        // Messages name key paths, key ids and context pairs, and a mutation can move secret text into one of them
        // ("Default" + ciphertext): those are names, not leaks, so they are taken out before looking for secrets.
        if (inner is KmsConfigurationException)
        {
            using var stream = new MemoryStream(bytes);
            var names = new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable()
                .SelectMany(p => p.Key.StartsWith("KmsConfig:", StringComparison.OrdinalIgnoreCase) ? [p.Key, p.Value ?? string.Empty] : new[] { p.Key })
                .Where(n => n.Length > 0)
                .OrderByDescending(n => n.Length);
            foreach (var nameInFile in names)
            {
                message = message.Replace(nameInFile, "<name>", StringComparison.Ordinal);
            }
        }

        message = DuplicateKey().Replace(message, "A duplicate key '<key path>' was found.");
        foreach (var secret in secrets)
        {
            for (var i = 0; i + 16 <= secret.Length; i++)
            {
                Assert.False(message.Contains(secret.Substring(i, 16), StringComparison.Ordinal), $"The error quotes '{secret.Substring(i, 16)}' of a secret ('{message}'): {name}");
            }
        }

        return inner is KmsConfigurationException k ? k.Reason.ToString() : inner.GetType().Name;
    }

    // The JSON configuration provider's own message for two keys that flatten to one path.
    [GeneratedRegex("A duplicate key '.*' was found\\.", RegexOptions.Singleline)]
    private static partial Regex DuplicateKey();

    private IConfigurationRoot Load(string keyDirectory) => new ConfigurationBuilder()
        .SetBasePath(_directory.Path)
        .AddKmsEncryptedJson(FileName, source =>
        {
            source.LocalKeyDirectory = keyDirectory;
            source.KmsClient = _kms;
            source.KmsTimeout = TimeSpan.FromSeconds(3);
        })
        .Build();

    private static string Messages(Exception error)
    {
        var text = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message);
        }

        return text.ToString();
    }

    private static string Describe(Exception error) =>
        $"{error.GetType().Name} ('{error.Message}') around {error.InnerException?.GetType().Name ?? "nothing"} ('{error.InnerException?.Message}')";

    /// <summary>A file as people write them: comments, trailing commas, nested arrays, a local key.</summary>
    private static string Commented(string value) => $$"""
        // Settings for the orders service.
        {
          "KmsConfig": {
            "KeyId": "local:vectors", /* the file's key */
            "EncryptionContext": { "app": "orders", "env": "prod", },
          },
          "ConnectionStrings": {
            "Default": "{{value}}", // encrypted
          },
          "Clients": [
            { "Id": "web", "Secrets": [ "one", [ "two", 3, -4.5e1, true, null ] ] },
            [ [], {} ],
          ],
          "Plain": { "Password": "{{PlainSecret}}", "Escaped": "a\u00e9\"b\\c\n" },
          "Logging": { "LogLevel": { "Default": "Information" } }
        }
        """;

    /// <summary>A minified file without a KeyId, holding a kms:raw: value as well.</summary>
    private static string Minified(string value, string raw) =>
        $$$"""{"KmsConfig":{"EncryptionContext":{"app":"orders","env":"prod"}},"ConnectionStrings":{"Default":"{{{value}}}"},"Api":{"Key":"{{{raw}}}","Plain":"{{{PlainSecret}}}"},"List":[1,[2,[3]],{"a":null}]}""";
}
