using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>policy</c>: prints a key policy that lets the application roles decrypt under their encryption context only,
/// developers encrypt only, and rotators (who run <c>rotate</c> and <c>decrypt</c>) decrypt and encrypt under that
/// context. The README explains each statement.
/// </summary>
internal static partial class PolicyCommand
{
    public const string RootSid = "Enable IAM policies";
    public const string AppSid = "AllowApplicationDecryptUnderItsContext";
    public const string DeveloperSid = "AllowDevelopersEncryptOnly";
    public const string DeveloperDenySid = "DenyDevelopersDecrypt";
    public const string RotatorSid = "AllowRotatorsDecryptAndEncryptUnderItsContext";

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

    public static readonly Option<string[]> RotatorRoleOption = new("--rotator-role")
    {
        Description = "An IAM role (or user) ARN that runs 'rotate' and 'decrypt': may decrypt and generate data keys under the encryption context; repeatable.",
        HelpName = "ARN",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair the application's files use (for example app=orders), repeatable.");

    public static readonly Command Command = new("policy", "Prints a KMS key policy: IAM delegation, decrypt-only for the app roles under their context, encrypt-only for developers, decrypt and encrypt for rotators.")
    {
        KeyArnOption,
        AppRoleOption,
        DeveloperRoleOption,
        RotatorRoleOption,
        ContextOption,
    };

    public static Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var keyArn = parseResult.GetRequiredValue(KeyArnOption);
        var appRoles = parseResult.GetRequiredValue(AppRoleOption);
        var developers = parseResult.GetValue(DeveloperRoleOption) ?? [];
        var rotators = parseResult.GetValue(RotatorRoleOption) ?? [];
        var encryptionContext = EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));

        var key = KeyArnPattern().Match(keyArn);
        if (!key.Success)
        {
            throw new ToolException(ExitCodes.Usage, Messages.KeyArnInvalid(keyArn));
        }

        foreach (var principal in appRoles.Concat(developers).Concat(rotators))
        {
            if (!PrincipalArnPattern().IsMatch(principal))
            {
                throw new ToolException(ExitCodes.Usage, Messages.PrincipalArnInvalid(principal));
            }
        }

        // The developers' explicit Deny of kms:Decrypt beats every Allow, so a principal that is also an app or rotator
        // role would get a policy under which it cannot do its job.
        var deniedButNeedsDecrypt = developers.FirstOrDefault(d => appRoles.Concat(rotators).Contains(d, StringComparer.Ordinal));
        if (deniedButNeedsDecrypt is not null)
        {
            throw new ToolException(ExitCodes.Usage, Messages.PrincipalIsDeveloperAndDecrypts(deniedButNeedsDecrypt));
        }

        var accountRoot = $"arn:{key.Groups["partition"].Value}:iam::{key.Groups["account"].Value}:root";
        context.Output.WriteLine(Render(accountRoot, appRoles, developers, rotators, encryptionContext));
        context.Progress.WriteLine(Messages.PolicyPrinted(keyArn, EncryptionContextPairs.Describe(encryptionContext), appRoles.Length, developers.Length, rotators.Length));
        return Task.FromResult(ExitCodes.Success);
    }

    private static string Render(string accountRoot, IReadOnlyList<string> appRoles, IReadOnlyList<string> developers, IReadOnlyList<string> rotators, IReadOnlyDictionary<string, string> encryptionContext)
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

        if (rotators.Count > 0)
        {
            // 'rotate' unwraps the old data keys and asks for a new one; 'decrypt' needs the first only. Both stay
            // inside the files' context, like the app's grant.
            statements.Add(new Dictionary<string, object>
            {
                ["Sid"] = RotatorSid,
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, object> { ["AWS"] = PrincipalValue(rotators) },
                ["Action"] = new[] { "kms:Decrypt", "kms:GenerateDataKey" },
                ["Resource"] = "*",
                ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = condition },
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
