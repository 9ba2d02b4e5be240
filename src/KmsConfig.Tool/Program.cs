using KmsConfig.Tool;

return await KmsEncryptCommand.RunAsync(args, ToolContext.FromConsole(), CancellationToken.None);
