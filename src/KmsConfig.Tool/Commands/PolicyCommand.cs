using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>policy</c>: prints a key policy that lets the application roles decrypt under their encryption context only, and
/// developers encrypt only. The README explains each statement.
/// </summary>
internal static partial class PolicyCommand
{
    public const string RootSid = "Enable IAM policies";
    public const string AppSid = "AllowApplicationDecryptUnderItsContext";
    public const string DeveloperSid = "AllowDevelopersEncryptOnly";
    public const string DeveloperDenySid = "DenyDevelopersDecrypt";

    public static readonly Option<string> KeyArnOption = new("--key-arn")
    {
        Description = "The KMS key's ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); its account owns the root statement.",
        HelpName = "ARN",
        Required = true,
    };

    public static readonly Option<string[]> AppRoleOption = new("--app-role")
    {
        Description = "An IAM role ARN of the application, which may decrypt under the encryption context; repeatable (for example a staging and a production role that read the same file).",
        HelpName = "ARN",
        Arity = ArgumentArity.OneOrMore,
        Required = true,
    };

    public static readonly Option<string[]> DeveloperRoleOption = new("--developer-role")
    {
        Description = "An IAM role (or user) ARN of developers, who may encrypt but never decrypt; repeatable.",
        HelpName = "ARN",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair the application's files use (for example app=orders), repeatable.");

    public static readonly Command Command = new("policy", "Prints a KMS key policy: IAM delegation, decrypt-only for the app roles under their context, encrypt-only for developers.")
    {
        KeyArnOption,
        AppRoleOption,
        DeveloperRoleOption,
        ContextOption,
    };

    public static Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var keyArn = parseResult.GetRequiredValue(KeyArnOption);
        var appRoles = parseResult.GetRequiredValue(AppRoleOption);
        var developers = parseResult.GetValue(DeveloperRoleOption) ?? [];
        var encryptionContext = EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));

        var key = KeyArnPattern().Match(keyArn);
        if (!key.Success)
        {
            throw new ToolException(ExitCodes.Usage, Messages.KeyArnInvalid(keyArn));
        }

        foreach (var principal in appRoles.Concat(developers))
        {
            if (!PrincipalArnPattern().IsMatch(principal))
            {
                throw new ToolException(ExitCodes.Usage, Messages.PrincipalArnInvalid(principal));
            }
        }

        var accountRoot = $"arn:{key.Groups["partition"].Value}:iam::{key.Groups["account"].Value}:root";
        context.Output.WriteLine(Render(accountRoot, appRoles, developers, encryptionContext));
        context.Progress.WriteLine(Messages.PolicyPrinted(keyArn, EncryptionContextPairs.Describe(encryptionContext), appRoles.Length, developers.Length));
        return Task.FromResult(ExitCodes.Success);
    }

    private static string Render(string accountRoot, IReadOnlyList<string> appRoles, IReadOnlyList<string> developers, IReadOnlyDictionary<string, string> encryptionContext)
    {
        // The provider and the tool always add kmsconfig=v1, so the grants serve KmsConfig data keys and nothing else.
        var condition = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["kms:EncryptionContext:" + EncryptionContextPairs.ReservedKey] = EncryptedValues.PurposeContextValue,
        };
        foreach (var (name, value) in encryptionContext)
        {
            condition["kms:EncryptionContext:" + name] = value;
        }

        var statements = new List<object>
        {
            new Dictionary<string, object>
            {
                ["Sid"] = RootSid,
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = accountRoot },
                ["Action"] = "kms:*",
                ["Resource"] = "*",
            },
            new Dictionary<string, object>
            {
                ["Sid"] = AppSid,
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = PrincipalValue(appRoles) },
                ["Action"] = "kms:Decrypt",
                ["Resource"] = "*",
                ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = condition },
            },
        };

        if (developers.Count > 0)
        {
            var principals = PrincipalValue(developers);
            statements.Add(new Dictionary<string, object>
            {
                ["Sid"] = DeveloperSid,
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = principals },
                ["Action"] = new[] { "kms:GenerateDataKey", "kms:Encrypt" },
                ["Resource"] = "*",
                ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = condition },
            });
            statements.Add(new Dictionary<string, object>
            {
                ["Sid"] = DeveloperDenySid,
                ["Effect"] = "Deny",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = principals },
                ["Action"] = new[] { "kms:Decrypt", "kms:ReEncrypt*" },
                ["Resource"] = "*",
            });
        }

        var policy = new Dictionary<string, object> { ["Version"] = "2012-10-17", ["Statement"] = statements };
        return JsonSerializer.Serialize(policy, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    // One principal is written as a string, as in AWS's own examples; several as an array.
    private static object PrincipalValue(IReadOnlyList<string> arns) => arns.Count == 1 ? arns[0] : arns;

    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):kms:[a-z0-9-]+:(?<account>\d{12}):key/[A-Za-z0-9-]+$")]
    private static partial Regex KeyArnPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|(role|user|assumed-role)/.+)$")]
    private static partial Regex PrincipalArnPattern();
}
