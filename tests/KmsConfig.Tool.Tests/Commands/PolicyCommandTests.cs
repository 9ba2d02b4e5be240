using System.Text.Json;
using KmsConfig.Tool.Commands;

namespace KmsConfig.Tool.Tests.Commands;

public sealed class PolicyCommandTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string AppRole = "arn:aws:iam::111122223333:role/orders-app";
    private const string StagingAppRole = "arn:aws:iam::111122223333:role/orders-app-staging";
    private const string DevRole = "arn:aws:iam::111122223333:role/developers";

    [Fact]
    public async Task Policy_PrintsRootAppAndDeveloperStatements()
    {
        var run = await ToolRun.RunAsync(["policy", "--key-arn", KeyArn, "--app-role", AppRole, "--developer-role", DevRole, "--context", "app=orders", "--context", "env=prod"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var statements = StatementsBySid(run.Stdout);
        Assert.Equal(4, statements.Count);

        var root = statements[PolicyCommand.RootSid];
        Assert.Equal("arn:aws:iam::111122223333:root", root.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("kms:*", root.GetProperty("Action").GetString());

        var app = statements[PolicyCommand.AppSid];
        // One app role stays a string, as before several were allowed.
        Assert.Equal(AppRole, app.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("kms:Decrypt", app.GetProperty("Action").GetString());
        var condition = app.GetProperty("Condition").GetProperty("StringEquals");
        Assert.Equal("orders", condition.GetProperty("kms:EncryptionContext:app").GetString());
        Assert.Equal("prod", condition.GetProperty("kms:EncryptionContext:env").GetString());
        Assert.Equal("v1", condition.GetProperty("kms:EncryptionContext:kmsconfig").GetString());

        var developers = statements[PolicyCommand.DeveloperSid];
        var allowed = developers.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["kms:GenerateDataKey", "kms:Encrypt"], allowed);
        Assert.DoesNotContain(allowed, a => a!.Contains("Decrypt", StringComparison.Ordinal) || a.Contains("ReEncrypt", StringComparison.Ordinal));
        Assert.Equal("orders", developers.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:EncryptionContext:app").GetString());

        var deny = statements[PolicyCommand.DeveloperDenySid];
        Assert.Equal("Deny", deny.GetProperty("Effect").GetString());
        Assert.Equal(["kms:Decrypt", "kms:ReEncrypt*"], deny.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("put-key-policy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_WithoutDevelopers_HasNoDeveloperStatements()
    {
        var run = await ToolRun.RunAsync(["policy", "--key-arn", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abc", "--app-role", "arn:aws-us-gov:iam::111122223333:role/app"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var policy = JsonDocument.Parse(run.Stdout);
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(2, statements.Count);
        Assert.Equal("arn:aws-us-gov:iam::111122223333:root", statements[0].GetProperty("Principal").GetProperty("AWS").GetString());
    }

    [Fact]
    public async Task Policy_SeveralAppRoles_AreAllPrincipalsOfTheDecryptStatement()
    {
        var run = await ToolRun.RunAsync(["policy", "--key-arn", KeyArn, "--app-role", StagingAppRole, "--app-role", AppRole, "--developer-role", DevRole, "--context", "app=orders"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var statements = StatementsBySid(run.Stdout);
        Assert.Equal(4, statements.Count);

        var app = statements[PolicyCommand.AppSid];
        var principals = app.GetProperty("Principal").GetProperty("AWS");
        Assert.Equal(JsonValueKind.Array, principals.ValueKind);
        Assert.Equal([StagingAppRole, AppRole], principals.EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("kms:Decrypt", app.GetProperty("Action").GetString());
        Assert.Equal("orders", app.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:EncryptionContext:app").GetString());

        // The app roles get no encrypt rights and are not denied; the developer statements name only the developer.
        Assert.Equal(DevRole, statements[PolicyCommand.DeveloperSid].GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(DevRole, statements[PolicyCommand.DeveloperDenySid].GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Contains("2 application roles may decrypt", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_RotatorRoles_MayDecryptAndGenerateDataKeysUnderTheContextOnly()
    {
        const string Rotator = "arn:aws:iam::111122223333:role/secrets-rotation";
        var run = await ToolRun.RunAsync(["policy", "--key-arn", KeyArn, "--app-role", AppRole, "--developer-role", DevRole, "--rotator-role", Rotator, "--context", "app=orders"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var statements = StatementsBySid(run.Stdout);
        Assert.Equal(5, statements.Count);

        var rotators = statements[PolicyCommand.RotatorSid];
        Assert.Equal("Allow", rotators.GetProperty("Effect").GetString());
        Assert.Equal(Rotator, rotators.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey"], rotators.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var condition = rotators.GetProperty("Condition").GetProperty("StringEquals");
        Assert.Equal("orders", condition.GetProperty("kms:EncryptionContext:app").GetString());
        Assert.Equal("v1", condition.GetProperty("kms:EncryptionContext:kmsconfig").GetString());

        // The rotator is not a developer, so the developers' Deny does not name it.
        Assert.Equal(DevRole, statements[PolicyCommand.DeveloperDenySid].GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Contains("1 rotator principal may decrypt and encrypt", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--app-role")]
    [InlineData("--rotator-role")]
    public async Task Policy_DeveloperWhoMustAlsoDecrypt_IsAUsageErrorNamingThePrincipal(string otherRole)
    {
        var args = otherRole == "--app-role"
            ? new[] { "policy", "--key-arn", KeyArn, "--app-role", DevRole, "--developer-role", DevRole }
            : new[] { "policy", "--key-arn", KeyArn, "--app-role", AppRole, "--developer-role", DevRole, "--rotator-role", DevRole };

        var run = await ToolRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains($"'{DevRole}' is given with --developer-role", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--key-arn", "alias/orders", "--app-role", AppRole)]
    [InlineData("--key-arn", KeyArn, "--app-role", AppRole, "--rotator-role", "rotation")]
    [InlineData("--key-arn", KeyArn, "--app-role", "orders-app")]
    [InlineData("--key-arn", KeyArn, "--app-role", AppRole, "--app-role", "staging-app")]
    [InlineData("--key-arn", KeyArn, "--app-role", "staging-app", "--app-role", AppRole)]
    [InlineData("--key-arn", KeyArn, "--app-role")]
    [InlineData("--key-arn", KeyArn)]
    [InlineData("--key-arn", KeyArn, "--app-role", AppRole, "--context", "novalue")]
    public async Task Policy_InvalidArguments_AreUsageErrors(params string[] args)
    {
        var run = await ToolRun.RunAsync(["policy", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
    }

    private static Dictionary<string, JsonElement> StatementsBySid(string policyJson)
    {
        using var policy = JsonDocument.Parse(policyJson);
        return policy.RootElement.GetProperty("Statement").EnumerateArray().ToDictionary(s => s.GetProperty("Sid").GetString()!, s => s.Clone());
    }
}
